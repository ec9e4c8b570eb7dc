package http_test

import (
	"fmt"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/klient-crm/klient/domain/access"
	casework "github.com/klient-crm/klient/http/casework"
	"github.com/klient-crm/klient/http/web"
	"github.com/klient-crm/klient/projections/cdd/cddtest"
)

// TestBrowserDueDiligenceFromIntakeToOpening is issue 17 in the browser:
// the AML officer imports the EU list on their page; the lawyer, whose
// intake's conflict check is clear, opens the record from the matter
// page, fills in the risk, the identity and the PEP question, screens the
// client (one hit), reviews the hit, approves, and opens the matter. The
// record's page is axe-clean and fits 390 px; so is the officer's page; a
// refused decision (no reason) shows its message by the field.
func TestBrowserDueDiligenceFromIntakeToOpening(t *testing.T) {
	t.Parallel()
	a, base, ctx := browserApp(t)
	officer := a.member(access.RoleAMLOfficer)
	aml := a.as(a.signIn(officer.ID))
	wantStatus(t, aml.call(http.MethodPut, "/api/v1/due-diligence/assessment", `{"normal_from":3,"high_from":7,"summary":"Byråns riskbedömning.",
		"factors":[{"code":"company-formation","category":"service","label":"Company formation","weight":3}]}`), http.StatusOK)

	client := a.createPerson("Åsa", "Öberg")
	m := a.takeIn("Öberg Holding AB formed", "affärsjuridik", a.me.ID, client)
	rec := a.call(http.MethodPost, "/api/v1/matters/"+m.ID+"/conflict-checks", "", "If-Match", web.VersionETag(m.Version))
	check := decode[casework.ConflictJSON](t, rec)
	wantStatus(t, a.call(http.MethodPost, "/api/v1/matters/"+m.ID+"/conflict-checks/decision",
		fmt.Sprintf(`{"fingerprint":%q,"decision":"clear"}`, check.Fingerprint), "If-Match", web.VersionETag(check.Version)), http.StatusCreated)

	dir := t.TempDir()
	file := dir + "/eu-list.xml"
	must(t, os.WriteFile(file, cddtest.List(time.Date(2026, 12, 1, 17, 0, 0, 0, time.UTC), "185001", 30,
		cddtest.Entry{ID: "99001", Person: true, Names: []string{"OBERG Asa"}, BirthDate: "1950-02-02"}), 0o600))
	// The officer works in a browser of their own (each browser has 90 s).
	octx := browser(t)
	signInBrowser(t, octx, base, officer.Email)
	step(t, octx, "the officer imports the list",
		chromedp.Navigate(base+"/"), chromedp.WaitVisible(chromedp.CSS(`#cdd-list`)),
		chromedp.SetUploadFiles(chromedp.CSS(`#file`), []string{file}),
		chromedp.Click(chromedp.CSS(`#cdd-list-submit`)), chromedp.WaitVisible(chromedp.CSS(`.alert.info`)))
	wantContains(t, text(t, octx, "#cdd-list"), "185001", "30 entries")
	if v := axeViolations(t, octx); len(v) > 0 {
		t.Errorf("axe-core on the officer's page:\n  %s", strings.Join(v, "\n  "))
	}

	signInBrowser(t, ctx, base, a.me.Email)
	step(t, ctx, "open the record from the matter page and start it",
		chromedp.Navigate(base+"/matters/"+m.ID), chromedp.WaitVisible(chromedp.CSS(`#due-diligence`)),
		chromedp.Click(chromedp.CSS(`#due-diligence`)), chromedp.WaitVisible(chromedp.CSS(`#cdd-start-submit`)),
		chromedp.Click(chromedp.CSS(`#cdd-start-submit`)), chromedp.WaitVisible(chromedp.CSS(`#cdd-risk`)))
	wantContains(t, text(t, ctx, "#cdd-status"), "Åsa Öberg", "The engagement's risk assessment", "Sanctions screening")
	step(t, ctx, "the risk",
		chromedp.Click(chromedp.CSS(`input[name="factors"][value="company-formation"]`)),
		chromedp.SetValue(chromedp.CSS(`#risk`), "normal"),
		chromedp.SendKeys(chromedp.CSS(`#reasons`), "A holding company for a client we know."),
		chromedp.Click(chromedp.CSS(`#cdd-risk-submit`)), chromedp.WaitVisible(chromedp.CSS(`#cdd-status[data-version="1"]`)))
	step(t, ctx, "the identity",
		chromedp.SetValue(chromedp.CSS(`#method`), "bankid"),
		chromedp.Click(chromedp.CSS(`#cdd-identity-submit`)), chromedp.WaitVisible(chromedp.CSS(`#cdd-status[data-version="2"]`)))
	step(t, ctx, "the PEP question",
		chromedp.SetValue(chromedp.CSS(`#answer`), "no"),
		chromedp.Click(chromedp.CSS(`#cdd-pep-submit`)), chromedp.WaitVisible(chromedp.CSS(`#cdd-status[data-version="3"]`)))
	step(t, ctx, "screen",
		chromedp.Click(chromedp.CSS(`#cdd-screen-submit`)), chromedp.WaitVisible(chromedp.CSS(`#cdd-status[data-version="4"]`)))
	wantContains(t, text(t, ctx, "#cdd-hits"), "OBERG Asa", "99001")
	wantContains(t, text(t, ctx, "#cdd-screening"), "185001")
	step(t, ctx, "a decision without a reason is refused",
		chromedp.SetValue(chromedp.CSS(`#decision`), "approved"),
		chromedp.Click(chromedp.CSS(`#cdd-decide-submit`)), chromedp.WaitVisible(chromedp.CSS(`#cdd-decision .error-summary`)))
	if v := axeViolations(t, ctx); len(v) > 0 {
		t.Errorf("axe-core on the refused record page:\n  %s", strings.Join(v, "\n  "))
	}
	step(t, ctx, "review the hit",
		chromedp.SetValue(chromedp.CSS(`#match-99001`), "false"),
		chromedp.SendKeys(chromedp.CSS(`#reason-99001`), "The listed person was born in 1950; our client in 1981."),
		chromedp.Submit(chromedp.CSS(`#reason-99001`)), chromedp.WaitVisible(chromedp.CSS(`#cdd-status[data-version="5"]`)))
	wantContains(t, text(t, ctx, "#cdd-hits"), "Not the same person: The listed person was born in 1950")
	step(t, ctx, "approve",
		chromedp.SetValue(chromedp.CSS(`#decision`), "approved"),
		chromedp.SendKeys(chromedp.CSS(`#decision-reason`), "Normal risk, identity by BankID, the hit is someone else."),
		chromedp.Click(chromedp.CSS(`#cdd-decide-submit`)), chromedp.WaitVisible(chromedp.CSS(`#cdd-status[data-version="6"]`)))
	wantContains(t, text(t, ctx, "#cdd-status"), "Approved")
	step(t, ctx, "the record at 390 px",
		chromedp.EmulateViewport(phoneWidth, phoneHeight, chromedp.EmulateMobile, chromedp.EmulateTouch),
		chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS(`#cdd-status`)))
	if problems := read(t, ctx, "the layout", chromedp.Evaluate[[]string](layoutProblemsJS)); len(problems) > 0 {
		t.Errorf("the record page at 390 px:\n  %s", strings.Join(problems, "\n  "))
	}
	if v := axeViolations(t, ctx); len(v) > 0 {
		t.Errorf("axe-core on the record page:\n  %s", strings.Join(v, "\n  "))
	}
	step(t, ctx, "open the matter",
		chromedp.EmulateViewport(desktopWidth, desktopHeight),
		chromedp.Navigate(base+"/matters/"+m.ID), chromedp.WaitVisible(chromedp.CSS(`#activate`)),
		chromedp.Click(chromedp.CSS(`#activate`)), chromedp.WaitNotPresent(chromedp.CSS(`#activate`)))
	if got := a.getMatter(m.ID); got.Status != "open" {
		t.Errorf("after approval and activation the matter is %q", got.Status)
	}
}
