package http_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/klient-crm/klient/http/casework"
)

// TestBrowserMarkEntrySpecial: at 390 px a lawyer marks a logged call as
// health data from the matter's communications tab — the marking form,
// the confirmation, the saved form — then finds the call in the tab
// without its text and opens it with a purpose. Every page fits the phone
// and axe-core finds no serious or critical WCAG 2.2 AA violation.
func TestBrowserMarkEntrySpecial(t *testing.T) {
	t.Parallel()
	a, base, ctx := browserApp(t)
	m := a.openMatter("Arbetsskada Holm", a.me.ID, a.createPerson("Hanna", "Holm"), nil, nil, nil)
	const body = "Klienten berättade om sin sjukskrivning"
	rec := a.call(http.MethodPost, "/api/v1/communications", `{"matter_id":"`+m.ID+
		`","kind":"phone_call","occurred_at":"2026-02-01T08:00:00Z","subject_line":"Samtal om sjukskrivningen","body":"`+body+`"}`)
	wantStatus(t, rec, http.StatusCreated)
	entry := decode[casework.EntryJSON](t, rec)
	signInBrowser(t, ctx, base, a.me.Email)
	fits := func(page string) {
		t.Helper()
		if problems := read(t, ctx, "the layout of "+page, chromedp.Evaluate[[]string](layoutProblemsJS)); len(problems) > 0 {
			t.Errorf("%s at 390 px:\n  %s", page, strings.Join(problems, "\n  "))
		}
		if v := axeViolations(t, ctx); len(v) > 0 {
			t.Errorf("axe-core on %s at 390 px:\n  %s", page, strings.Join(v, "\n  "))
		}
	}

	mark := `a[href="/communications/` + entry.ID + `/special-category"]`
	step(t, ctx, "open the tab at 390 px", chromedp.EmulateViewport(phoneWidth, phoneHeight, chromedp.EmulateMobile, chromedp.EmulateTouch),
		chromedp.Navigate(base+"/matters/"+m.ID+"/communications"), chromedp.WaitVisible(chromedp.CSS(mark)))
	step(t, ctx, "open the marking form", chromedp.Click(chromedp.CSS(mark)), chromedp.WaitVisible(chromedp.CSS(`#special-form`)))
	fits("the marking form")
	step(t, ctx, "mark health under art. 9.2 f",
		chromedp.Click(chromedp.CSS(`input[name="categories"][value="health"]`)),
		chromedp.Click(chromedp.CSS(`input[name="grounds"][value="art9_2_f"]`)),
		chromedp.Click(chromedp.CSS(`#save-special`)),
		chromedp.WaitVisible(chromedp.CSS(`#confirm-form`)))
	fits("the confirmation")
	want(t, text(t, ctx, "#confirm-question"), "Mark the entry as special categories of data?")
	step(t, ctx, "confirm", chromedp.Click(chromedp.CSS(`#confirm-yes`)), chromedp.WaitVisible(chromedp.CSS(`.alert.info`)))
	want(t, text(t, ctx, ".alert.info"), "The marking is saved.")
	fits("the saved marking")

	purpose := `#purpose-` + entry.ID
	step(t, ctx, "back to the tab", chromedp.Navigate(base+"/matters/"+m.ID+"/communications"), chromedp.WaitVisible(chromedp.CSS(purpose)))
	fits("the tab with a marked entry")
	if tab := text(t, ctx, "main"); strings.Contains(tab, body) {
		t.Errorf("the tab shows the marked entry's text")
	}
	step(t, ctx, "open the entry with a purpose",
		chromedp.SendKeys(chromedp.CSS(purpose), "Förbereda förhandlingen"),
		chromedp.Click(chromedp.CSS(`form[action="/communications/`+entry.ID+`"] button`)),
		chromedp.WaitVisible(chromedp.CSS(`#entry-body`)))
	want(t, text(t, ctx, "#entry-body"), body)
	fits("the opened entry")
}
