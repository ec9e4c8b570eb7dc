package http_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/klient-crm/klient/domain/access"
)

// TestBrowserImpactAssessmentFromStartToDecision: at 390 px the DPO opens
// the register of impact assessments from the breach register, starts
// from Klient's own processing, rates the three risks and asks to go
// ahead despite a high one — refused, the summary leading to the
// decision; decides to consult IMY, then after IMY's answer saves a new
// version going ahead; the page lists both versions. Nothing passes the
// window's edge and axe-core finds nothing on the form or the register.
func TestBrowserImpactAssessmentFromStartToDecision(t *testing.T) {
	t.Parallel()
	a, base, ctx := browserApp(t)
	officer := a.member(access.RoleDPO)
	signInBrowser(t, ctx, base, officer.Email)

	rate := func(likelihood string, then ...chromedp.Action[chromedp.Void]) []chromedp.Action[chromedp.Void] {
		return append([]chromedp.Action[chromedp.Void]{
			chromedp.SetValue(chromedp.CSS(`#risk_access_likelihood`), likelihood),
			chromedp.SetValue(chromedp.CSS(`#risk_access_severity`), "3"),
			chromedp.SetValue(chromedp.CSS(`#risk_modification_likelihood`), "1"),
			chromedp.SetValue(chromedp.CSS(`#risk_modification_severity`), "2"),
			chromedp.SetValue(chromedp.CSS(`#risk_disappearance_likelihood`), "1"),
			chromedp.SetValue(chromedp.CSS(`#risk_disappearance_severity`), "3"),
		}, then...)
	}
	step(t, ctx, "open a new assessment at 390 px",
		chromedp.EmulateViewport(phoneWidth, phoneHeight, chromedp.EmulateMobile, chromedp.EmulateTouch),
		chromedp.Navigate(base+"/registers"), chromedp.WaitVisible(chromedp.CSS(`#dpias-link`)),
		chromedp.Click(chromedp.CSS(`#dpias-link`)), chromedp.WaitVisible(chromedp.CSS(`#new-dpia`)),
		chromedp.Click(chromedp.CSS(`#new-dpia`)), chromedp.WaitVisible(chromedp.CSS(`#dpia-form`)))
	if got := read(t, ctx, "the proposal", chromedp.Evaluate[string](`document.querySelector('#title').value`)); got != "Klient's processing of client and matter data" {
		t.Errorf("the new form starts from %q", got)
	}
	if problems := read(t, ctx, "the layout", chromedp.Evaluate[[]string](layoutProblemsJS)); len(problems) > 0 {
		t.Errorf("the form at 390 px:\n  %s", strings.Join(problems, "\n  "))
	}
	if v := axeViolations(t, ctx); len(v) > 0 {
		t.Errorf("axe-core on the form:\n  %s", strings.Join(v, "\n  "))
	}

	step(t, ctx, "go ahead despite a high risk", rate("3",
		chromedp.SendKeys(chromedp.CSS(`#action_plan`), "Two-factor sign-in; IT manager; 2027-03-01"),
		chromedp.SetValue(chromedp.CSS(`#decision`), "proceed"),
		chromedp.SendKeys(chromedp.CSS(`#reason`), "The measures suffice."),
		chromedp.Click(chromedp.CSS(`#save-dpia`)), chromedp.WaitVisible(chromedp.CSS(`#error-decision`)))...)
	wantContains(t, text(t, ctx, "#error-decision"), "A high residual risk needs prior consultation with IMY")
	wantContains(t, text(t, ctx, "#dpia-form"), "Decision")

	step(t, ctx, "consult IMY instead",
		chromedp.SetValue(chromedp.CSS(`#decision`), "consult"),
		chromedp.Click(chromedp.CSS(`#save-dpia`)), chromedp.WaitVisible(chromedp.CSS(`#dpia-history`)))
	want(t, text(t, ctx, ".alert.info"), "The impact assessment is saved.")

	step(t, ctx, "after IMY's answer, go ahead with the risk lowered", rate("2",
		chromedp.SetValue(chromedp.CSS(`#decision`), "proceed"),
		chromedp.Click(chromedp.CSS(`#save-dpia`)))...)
	// The page before the save has a history too: wait for the new one.
	waitUntil(t, ctx, "the second version saved", `(document.querySelector('#dpia-history') || {innerText: ''}).innerText.includes('Version 2')`)
	wantContains(t, text(t, ctx, "#dpia-history"), "Version 2", "Version 1", "The processing goes ahead", "Prior consultation with IMY (art. 36)")

	step(t, ctx, "the register", chromedp.Navigate(base+"/registers/dpias"), chromedp.WaitVisible(chromedp.CSS(`#dpias`)))
	wantContains(t, text(t, ctx, "#dpias"), "Klient's processing of client and matter data", "The processing goes ahead", "Not high")
	if problems := read(t, ctx, "the layout", chromedp.Evaluate[[]string](layoutProblemsJS)); len(problems) > 0 {
		t.Errorf("the register at 390 px:\n  %s", strings.Join(problems, "\n  "))
	}
	if v := axeViolations(t, ctx); len(v) > 0 {
		t.Errorf("axe-core on the register:\n  %s", strings.Join(v, "\n  "))
	}
}
