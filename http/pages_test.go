package http_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestPagesCreateFindEditArchive walks the main path through the HTML
// pages on the real back end, in Swedish.
func TestPagesCreateFindEditArchive(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	if rec := a.get("/"); rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/work" {
		t.Fatalf("start page: %d %v", rec.Code, rec.Header())
	}
	wantContains(t, a.get("/contacts").Body.String(), "Kontakter", "Ny person", "Det finns inga kontakter ännu")

	id := hidden(t, a.get("/contacts/new?kind=person").Body.String(), "contact_id")
	rec := a.post("/contacts", personForm(id))
	wantStatus(t, rec, http.StatusSeeOther)
	if rec.Header().Get("Location") != "/contacts/"+id+"?done=created" {
		t.Fatalf("created: redirected to %q", rec.Header().Get("Location"))
	}
	page := a.get("/contacts/" + id + "?done=created").Body.String()
	wantContains(t, page, "Åsa Lindqvist", "Kontakten är registrerad.", "19811218-9876", "asa.privat@example.se", "46812345678", "Sveavägen 12")

	found := a.post("/contacts/search", url.Values{"q": {"lindqvist"}})
	wantStatus(t, found, http.StatusOK)
	wantContains(t, found.Body.String(), `href="/contacts/`+id+`"`, "Sökresultat för ”lindqvist”")

	edit := a.get("/contacts/" + id + "/edit").Body.String()
	version := hidden(t, edit, "version")
	changed := personForm("")
	changed.Set("version", version)
	changed.Set("family_name", "Berg")
	wantStatus(t, a.post("/contacts/"+id, changed), http.StatusSeeOther)
	wantContains(t, a.get("/contacts/"+id).Body.String(), "Åsa Berg")

	before := a.events()
	changed.Set("family_name", "Ek")
	stale := a.post("/contacts/"+id, changed)
	wantStatus(t, stale, http.StatusConflict)
	wantContains(t, stale.Body.String(), "Kontakten har ändrats av någon annan", "Ladda om", `value="Ek"`)
	if a.events() != before {
		t.Error("a stale edit wrote events")
	}

	version = hidden(t, a.get("/contacts/"+id).Body.String(), "version")
	wantStatus(t, a.confirmed("/contacts/"+id+"/archive", url.Values{"version": {version}}), http.StatusSeeOther)
	wantContains(t, a.get("/contacts/"+id+"?done=archived").Body.String(), "Kontakten är arkiverad.", "Återaktivera")
	if strings.Contains(a.get("/contacts").Body.String(), id) {
		t.Error("an archived contact is in the everyday list")
	}
	wantContains(t, a.get("/contacts?archived=1").Body.String(), id)
}

// TestFormShowsEachErrorNextToItsField: the domain numbers rows without the
// blank ones; the form must put the message at the row the person typed in.
func TestFormShowsEachErrorNextToItsField(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	form := personForm("")
	form.Set("personnummer", "811218-9875")
	form.Set("emails[2].address", "not-an-address")
	before := a.events()
	rec := a.post("/contacts", form)
	wantStatus(t, rec, http.StatusUnprocessableEntity)
	wantContains(t, rec.Body.String(), "Formuläret innehåller fel",
		`<p class="field-error" id="personnummer-error">Personnumrets kontrollsiffra stämmer inte.</p>`,
		`<p class="field-error" id="emails-2-address-error">Det här är inte en giltig e-postadress.</p>`,
		`value="not-an-address"`, `value="Sveavägen 12"`)
	if a.events() != before {
		t.Error("an invalid form wrote events")
	}
}

// TestProtectedAddressOnlyOnTheContactPage: lists and search never show a
// protected person's address; the contact page shows it under a warning.
func TestProtectedAddressOnlyOnTheContactPage(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	form := personForm("")
	form.Set("protected_identity", "on")
	rec := a.post("/contacts", form)
	wantStatus(t, rec, http.StatusSeeOther)
	for _, page := range []string{a.get("/contacts").Body.String(), a.post("/contacts/search", url.Values{"q": {"Åsa"}}).Body.String()} {
		wantContains(t, page, "Skyddad identitet")
		if strings.Contains(page, "Sveavägen") {
			t.Error("a protected address is in a list")
		}
	}
	wantContains(t, a.get(rec.Header().Get("Location")).Body.String(), `class="alert warning"`, "Lämna aldrig ut adressen", "Sveavägen 12")
}

// TestCrossOriginFormPostWritesNothing is CSRF on the real back end.
func TestCrossOriginFormPostWritesNothing(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	before := a.events()
	rec := a.post("/contacts", personForm(""), "Sec-Fetch-Site", "cross-site", "Origin", "https://evil.example")
	wantStatus(t, rec, http.StatusForbidden)
	if n := a.events() - before; n != 0 {
		t.Errorf("a cross-origin POST wrote %d events", n)
	}
	api := a.call(http.MethodPost, "/api/v1/contacts", annaJSON, "Sec-Fetch-Site", "cross-site", "Origin", "https://evil.example")
	wantProblem(t, api, http.StatusForbidden)
	if n := a.events() - before; n != 0 {
		t.Errorf("a cross-origin API POST wrote %d events", n)
	}
}

func TestProbes(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	for _, path := range []string{"/healthz", "/readyz"} {
		wantStatus(t, a.get(path), http.StatusOK)
	}
}

// TestOrganisationFormAndResentForm: an organisation goes through the same
// form; sending the same new-contact form again with other details is
// explained, not a second contact.
func TestOrganisationFormAndResentForm(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	id := hidden(t, a.get("/contacts/new?kind=organisation").Body.String(), "contact_id")
	form := url.Values{"kind": {"organisation"}, "contact_id": {id}, "name": {"Berg & Ek AB"},
		"organisationsnummer": {"5560360793"}, "phones[0].number": {"031-711 00 00"}}
	wantStatus(t, a.post("/contacts", form), http.StatusSeeOther)
	wantContains(t, a.get("/contacts/"+id).Body.String(), "Berg &amp; Ek AB", "556036-0793", "Organisationsnummer")

	events := a.events()
	wantStatus(t, a.post("/contacts", form), http.StatusSeeOther) // a double click: the same contact
	form.Set("name", "Berg & Ek Advokatbyrå AB")
	resent := a.post("/contacts", form)
	wantStatus(t, resent, http.StatusConflict)
	wantContains(t, resent.Body.String(), "Det här formuläret har redan skickats")
	if a.events() != events {
		t.Errorf("resending the form wrote %d events", a.events()-events)
	}
}
