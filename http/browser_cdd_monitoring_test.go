package http_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/klient-crm/klient/domain/access"
	"github.com/klient-crm/klient/internal/apptest"
	"github.com/klient-crm/klient/projections/cdd/cddtest"
)

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
// weight shown by the form), reads the history and a version; a record
// approved 37 months ago shows as due on the responsible lawyer's start
// page, on the officer's and in the officer's report. Each page
// axe-clean and within 390 px.
func TestBrowserRiskAssessmentAndDueReviewsAtPhoneWidth(t *testing.T) {
	t.Parallel()
	a, base, ctx := browserApp(t)
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
	a.approvedRecord(func() time.Time { return time.Now().UTC().AddDate(0, -37, 0) }, a.me.ID, m.ID)
	a.approvedRecord(apptest.Now, a.me.ID, a.takeIn("Will of Lund", "familjerätt", a.me.ID, a.createPerson("Karl", "Lund")).ID)
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
