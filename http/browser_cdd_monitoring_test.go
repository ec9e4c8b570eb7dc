package http_test

import (
	"context"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/klient-crm/klient/domain/access"
	domaincdd "github.com/klient-crm/klient/domain/cdd"
	klienthttp "github.com/klient-crm/klient/http"
	"github.com/klient-crm/klient/http/web"
	"github.com/klient-crm/klient/projections/cdd/cddtest"
)

// browserAppWith is browserApp over an app whose deps edits change.
func browserAppWith(t *testing.T, edits ...func(*klienthttp.Deps)) (*app, string, context.Context) {
	t.Helper()
	if _, err := os.Stat(chromiumPath); err != nil {
		t.Fatalf("Chromium is not installed at %s (%v): run `make test`, which installs it", chromiumPath, err)
	}
	a := newAppWith(t, web.Config{}, edits...)
	return a, serve(t, a.handler), browser(t)
}

// atPhoneWidth checks the page in ctx at 390 px: nothing wider than the
// window or cut off, and axe-clean.
func atPhoneWidth(t *testing.T, ctx context.Context, what, url, visible string) {
	t.Helper()
	step(t, ctx, what+" at 390 px",
		chromedp.EmulateViewport(phoneWidth, phoneHeight, chromedp.EmulateMobile, chromedp.EmulateTouch),
		chromedp.Navigate(url), chromedp.WaitVisible(chromedp.CSS(visible)))
	if problems := read(t, ctx, "the layout", chromedp.Evaluate[[]string](layoutProblemsJS)); len(problems) > 0 {
		t.Errorf("%s at 390 px:\n  %s", what, strings.Join(problems, "\n  "))
	}
	if v := axeViolations(t, ctx); len(v) > 0 {
		t.Errorf("axe-core on %s:\n  %s", what, strings.Join(v, "\n  "))
	}
}

// Issue 17's new pages in the browser, on a phone: the AML officer
// publishes the firm's general risk assessment from its page (a refused
// weight shown by the form), reads the history and a version; read
// thirteen months on, a high-risk record approved today shows as due on
// the responsible lawyer's start page, on the officer's and in the
// officer's report, a normal one does not. Each page
// axe-clean and within 390 px.
func TestBrowserRiskAssessmentAndDueReviewsAtPhoneWidth(t *testing.T) {
	t.Parallel()
	a, base, ctx := browserAppWith(t, thirteenMonthsOn)
	officer := a.member(access.RoleAMLOfficer)
	octx := browser(t)
	signInBrowser(t, octx, base, officer.Email)
	atPhoneWidth(t, octx, "the empty assessment page", base+"/due-diligence/assessment", "#cdd-assessment-form")
	step(t, octx, "a weight that is no number is refused",
		chromedp.SendKeys(chromedp.CSS(`#factor-label-0`), "Never met in person"),
		chromedp.SendKeys(chromedp.CSS(`#factor-code-0`), "remote"),
		chromedp.SetValue(chromedp.CSS(`#factor-category-0`), "channel"),
		chromedp.SendKeys(chromedp.CSS(`#factor-weight-0`), "one"),
		chromedp.SendKeys(chromedp.CSS(`#normal_from`), "1"),
		chromedp.SendKeys(chromedp.CSS(`#high_from`), "7"),
		chromedp.SendKeys(chromedp.CSS(`#summary`), "The firm's general risk assessment."),
		chromedp.Click(chromedp.CSS(`#cdd-assessment-submit`)), chromedp.WaitVisible(chromedp.CSS(`#cdd-assessment-form .error-summary`)))
	wantContains(t, text(t, octx, "#cdd-assessment-form .error-summary"), "A weight is 1 to 10.")
	if v := axeViolations(t, octx); len(v) > 0 {
		t.Errorf("axe-core on the refused assessment form:\n  %s", strings.Join(v, "\n  "))
	}
	step(t, octx, "publish the first version",
		chromedp.SetValue(chromedp.CSS(`#factor-weight-0`), "1"),
		chromedp.Click(chromedp.CSS(`#cdd-assessment-submit`)), chromedp.WaitVisible(chromedp.CSS(`.alert.info`)))
	wantContains(t, text(t, octx, "#cdd-assessment-history"), "Version 1")
	atPhoneWidth(t, octx, "the assessment page with its history", base+"/due-diligence/assessment", "#cdd-assessment-history")
	atPhoneWidth(t, octx, "version 1", base+"/due-diligence/assessment/versions/1", "h1")
	wantContains(t, text(t, octx, "main"), "Never met in person", "The firm's general risk assessment.")

	aml := a.as(a.signIn(officer.ID))
	wantStatus(t, aml.postXML("/api/v1/due-diligence/lists", cddtest.List(time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC), "185100", 10)),
		http.StatusCreated)
	m := a.takeIn("Estate of Ek", "familjerätt", a.me.ID, a.createPerson("Bo", "Ek"))
	a.approvedRecord(a.me.ID, officer.ID, m.ID, domaincdd.RiskHigh)
	a.approvedRecord(a.me.ID, officer.ID, a.takeIn("Will of Lund", "familjerätt", a.me.ID, a.createPerson("Karl", "Lund")).ID, domaincdd.RiskNormal)
	a.settle()
	signInBrowser(t, ctx, base, a.me.Email)
	atPhoneWidth(t, ctx, "the lawyer's start page", base+"/work", "#due-diligence")
	got := text(t, ctx, "#due-diligence")
	wantContains(t, got, "Estate of Ek", "Periodic review due")
	if strings.Contains(got, "Will of Lund") {
		t.Error("a record approved today is listed as due")
	}
	atPhoneWidth(t, octx, "the officer's page", base+"/due-diligence", "#cdd-watch")
	wantContains(t, text(t, octx, "#cdd-watch"), "Estate of Ek", "Periodic review due")
	atPhoneWidth(t, octx, "the officer's report", base+"/due-diligence/report", "#cdd-report-matrix")
	wantContains(t, text(t, octx, "#cdd-report-due"), "Estate of Ek")
}
