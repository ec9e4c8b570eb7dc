package http_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/klient-crm/klient/domain/contact"
	contactpages "github.com/klient-crm/klient/http/contacts"
)

// TestBrowserMergeAndRelations: issue 14's merge and relations on the
// pages, in Swedish at 390 px. A lawyer opens the review of duplicates,
// compares the pair, keeps the older contact with the other's e-mail,
// is asked a question naming both people, merges, and lands on the kept
// contact; there they add a relation by typing a name, and remove it.
// Every page passes axe-core and fits the phone.
func TestBrowserMergeAndRelations(t *testing.T) {
	t.Parallel()
	a, base, ctx := browserApp(t)
	keep := a.createPerson("Åsa", "Lindqvist")
	cur := a.call(http.MethodGet, "/api/v1/contacts/"+keep, "")
	wantStatus(t, a.call(http.MethodPatch, "/api/v1/contacts/"+keep,
		`{"details":{"given_name":"Åsa","family_name":"Lindqvist","phones":[{"number":"070-123 45 67"}]}}`,
		"If-Match", cur.Header().Get("ETag")), http.StatusOK)
	// The same phone number and a similar name: the review pairs them.
	rec := a.call(http.MethodPost, "/api/v1/contacts", `{"kind":"person","create_anyway":true,
		"details":{"given_name":"Åsa","family_name":"Lindkvist","emails":[{"address":"asa.lindkvist@example.se"}],"phones":[{"number":"070-123 45 67"}]}}`)
	wantStatus(t, rec, http.StatusCreated)
	away := decode[contactpages.ContactJSON](t, rec).ID
	a.createPerson("Erik", "Lindqvist")
	signInAs(t, ctx, base, a.me.Email)
	fits := func(what string) {
		t.Helper()
		if problems := read(t, ctx, "the layout of "+what, chromedp.Evaluate[[]string](layoutProblemsJS)); len(problems) > 0 {
			t.Errorf("%s at 390 px:\n  %s", what, strings.Join(problems, "\n  "))
		}
		if v := axeViolations(t, ctx); len(v) > 0 {
			t.Errorf("axe-core on %s:\n  %s", what, strings.Join(v, "\n  "))
		}
	}
	step(t, ctx, "open the review of duplicates at 390 px",
		chromedp.EmulateViewport(phoneWidth, phoneHeight, chromedp.EmulateMobile, chromedp.EmulateTouch),
		chromedp.Navigate(base+"/contacts/duplicates"),
		chromedp.WaitVisible(chromedp.CSS(`main h1`)))
	fits("the review of duplicates")
	step(t, ctx, "compare the pair",
		chromedp.Click(chromedp.CSS(`a[href*="/merge?with="]`)),
		chromedp.WaitVisible(chromedp.CSS(`#merge-form`)))
	wantContains(t, text(t, ctx, "main h1"), "Slå samman", "med en dubblett")
	wantContains(t, text(t, ctx, "#merge-form"), "Åsa Lindqvist", "Åsa Lindkvist", "asa.lindkvist@example.se", "Vilken kontakt ska finnas kvar?")
	fits("the comparison")
	// Keep Lindqvist (whichever side of the pair it is), with her name and
	// the other's e-mail address.
	side := read(t, ctx, "which side is Lindqvist", chromedp.Evaluate[string](
		`document.querySelector('#merge-form input[name="with"]').value === '`+keep+`' ? 'b' : 'a'`))
	other := map[string]string{"a": "b", "b": "a"}[side]
	step(t, ctx, "choose and merge",
		chromedp.Click(chromedp.CSS(`input[name="keep"][value="`+side+`"]`)),
		chromedp.Click(chromedp.CSS(`input[name="pick_name"][value="`+side+`"]`)),
		chromedp.Click(chromedp.CSS(`input[name="pick_emails"][value="`+other+`"]`)),
		chromedp.Click(chromedp.CSS(`#merge-form button.danger`)),
		chromedp.WaitVisible(chromedp.CSS(`#confirm-form`)))
	wantContains(t, text(t, ctx, "main"), "Slå samman Åsa Lindkvist med Åsa Lindqvist", "Det går inte att ångra")
	fits("the merge's confirmation")
	step(t, ctx, "confirm",
		chromedp.Click(chromedp.CSS(`#confirm-form button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#relationship-form`)))
	if loc := read(t, ctx, "where the merge led", chromedp.Location()); !strings.Contains(loc, "/contacts/"+keep) {
		t.Fatalf("the merge led to %s, want the kept contact", loc)
	}
	wantContains(t, text(t, ctx, "main"), "Kontakterna är sammanslagna.", "asa.lindkvist@example.se")
	got := decode[struct{ Details contact.PersonDetails }](t, a.call(http.MethodGet, "/api/v1/contacts/"+keep, ""))
	if got.Details.FamilyName != "Lindqvist" || len(got.Details.Emails) != 1 || got.Details.Emails[0].Address != "asa.lindkvist@example.se" {
		t.Errorf("the kept contact's details: %+v", got.Details)
	}
	wantStatus(t, a.call(http.MethodGet, "/api/v1/contacts/"+away, ""), http.StatusMovedPermanently)
	fits("the kept contact's page")

	step(t, ctx, "add a relation by name",
		chromedp.SetValue(chromedp.CSS(`#relation-kind`), "spouse"),
		chromedp.SendKeys(chromedp.CSS(`#relation-other`), "Erik Lindqvist"),
		chromedp.Click(chromedp.CSS(`#relationship-form button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#relationship-list`)))
	wantContains(t, text(t, ctx, "#relationships"), "gift med", "Erik Lindqvist")
	want(t, text(t, ctx, ".alert.info"), "Relationen är tillagd.")
	fits("the contact page with a relation")
	step(t, ctx, "a name nobody has is refused by its field",
		chromedp.SendKeys(chromedp.CSS(`#relation-other`), "Ingen Alls"),
		chromedp.Click(chromedp.CSS(`#relationship-form button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#error-other_q`)))
	want(t, text(t, ctx, "#error-other_q"), "Ingen kontakt av samma slag med det namnet hittades.")
	fits("the refused relation form")
	step(t, ctx, "remove the relation",
		chromedp.Click(chromedp.CSS(`#relationship-list button`)),
		chromedp.WaitVisible(chromedp.CSS(`.alert.info`)))
	want(t, text(t, ctx, ".alert.info"), "Relationen är borttagen.")
	if n := read(t, ctx, "the relations left", chromedp.Evaluate[int](`document.querySelectorAll('#relationship-list li').length`)); n != 0 {
		t.Errorf("%d relations left after removing the one", n)
	}
}
