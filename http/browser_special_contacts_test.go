package http_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserSpecialCategoryContact: at 390 px, the matter's lawyer marks
// the client's addresses as health data on the contact's marking page,
// is asked on the contact's page why before the address is shown, opens
// it with a reason, and lifts the marking after the question; the pages
// fit the phone's width and axe-core finds nothing on them.
func TestBrowserSpecialCategoryContact(t *testing.T) {
	t.Parallel()
	a, base, ctx := browserApp(t)
	rec := a.call(http.MethodPost, "/api/v1/contacts", `{"kind":"person","details":{"given_name":"Greta","family_name":"Vårdsson",`+
		`"addresses":[{"street":"Solhemmets vårdboende, Ekvägen 3","postal_code":"11122","city":"Stockholm","country":"SE"}]}}`)
	wantStatus(t, rec, http.StatusCreated)
	greta := between(rec.Body.String(), `"id":"`, `"`)
	a.openMatter("Ersättning för vårdskada", a.me.ID, greta, nil, nil, nil)
	signInBrowser(t, ctx, base, a.me.Email)
	checkPage := func(what string) {
		t.Helper()
		if problems := read(t, ctx, "the layout of "+what, chromedp.Evaluate[[]string](layoutProblemsJS)); len(problems) > 0 {
			t.Errorf("%s at 390 px:\n  %s", what, strings.Join(problems, "\n  "))
		}
		if v := axeViolations(t, ctx); len(v) > 0 {
			t.Errorf("axe-core on %s at 390 px:\n  %s", what, strings.Join(v, "\n  "))
		}
	}
	contact, marking := "/contacts/"+greta, "/contacts/"+greta+"/special-category"
	step(t, ctx, "open the contact at 390 px",
		chromedp.EmulateViewport(phoneWidth, phoneHeight, chromedp.EmulateMobile, chromedp.EmulateTouch),
		chromedp.Navigate(base+contact), chromedp.WaitVisible(chromedp.CSS(`#special-link`)))
	step(t, ctx, "open the marking page", chromedp.Click(chromedp.CSS(`#special-link`)), chromedp.WaitVisible(chromedp.CSS(`#special-form`)))
	checkPage("the marking page")
	step(t, ctx, "mark the addresses as health data",
		chromedp.Click(chromedp.CSS(`input[name="field"][value="addresses"]`)),
		chromedp.Click(chromedp.CSS(`input[name="categories"][value="health"]`)),
		chromedp.Click(chromedp.CSS(`input[name="grounds"][value="art9_2_h"]`)),
		chromedp.Click(chromedp.CSS(`#save-special`)),
		chromedp.WaitVisible(chromedp.CSS(`.alert.info`)))
	want(t, text(t, ctx, ".alert.info"), "The marking is saved.")
	wantContains(t, text(t, ctx, "#special-marks"), "Addresses", "Health", "Art. 9.2 h")
	checkPage("the marking page with its marking")

	step(t, ctx, "the contact asks why", chromedp.Navigate(base+contact), chromedp.WaitVisible(chromedp.CSS(`#special-open`)))
	wantAbsent(t, text(t, ctx, "main"), "Solhemmets")
	wantContains(t, text(t, ctx, "main"), "(special category)")
	checkPage("the contact with its address withheld")
	step(t, ctx, "say why", chromedp.SendKeys(chromedp.CSS(`#special-purpose`), "Underlag till stämningsansökan"),
		chromedp.Submit(chromedp.CSS(`#special-purpose`)), chromedp.WaitVisible(chromedp.CSS(`#special-marks`)))
	wantContains(t, text(t, ctx, "main"), "Solhemmets vårdboende", "The marked data is shown.")
	checkPage("the contact with its address shown")

	step(t, ctx, "back to the marking page", chromedp.Navigate(base+marking), chromedp.WaitVisible(chromedp.CSS(`#special-marks`)))
	confirmInBrowser(t, ctx, `#special-marks button`, marking, func() {
		wantContains(t, a.get(marking).Body.String(), `id="special-marks"`)
	}, "Greta Vårdsson")
	step(t, ctx, "the marking is lifted", chromedp.WaitVisible(chromedp.CSS(`.alert.info`)))
	wantAbsent(t, a.get(marking).Body.String(), `id="special-marks"`)
}
