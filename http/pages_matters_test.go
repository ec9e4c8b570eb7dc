package http_test

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/klient-crm/klient/http/casework"
	"github.com/klient-crm/klient/http/web"
)

// TestIntakeConflictCheckAndOpening walks the intake pages: find the
// client inside the form, register the matter, be refused opening it
// without a check, run the check, decide, open; the list and its filters
// and the search find it.
func TestIntakeConflictCheckAndOpening(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	client := a.createPerson("Ingrid", "Intagsson")
	wantContains(t, a.get("/matters/new").Body.String(), "Nytt ärende", "Registrera ärendet", `name="matter_id"`)
	form := url.Values{"matter_id": {newID()}, "title": {"Arvstvist Intagsson"}, "practice_area": {"arvsrätt"},
		"responsible_lawyer": {a.me.ID}, "client_q": {"Intagsson"}}
	found := a.post("/matters/new", form)
	wantStatus(t, found, http.StatusOK)
	wantContains(t, found.Body.String(), `value="`+client+`"`, "Ingrid Intagsson")

	before := a.events()
	rec := a.post("/matters", form) // no client chosen
	wantStatus(t, rec, http.StatusUnprocessableEntity)
	wantContains(t, rec.Body.String(), "Ett ärende behöver minst en klient")
	if a.events() != before {
		t.Error("a refused intake wrote events")
	}
	form.Set("client_id", client)
	rec = a.post("/matters", form)
	wantStatus(t, rec, http.StatusSeeOther)
	page := a.get(location(rec)).Body.String()
	wantContains(t, page, "Arvstvist Intagsson", "Intag", "Gör jävskontroll", "Ingrid Intagsson")
	id := form.Get("matter_id")

	rec = a.post("/matters/"+id+"/activate", url.Values{"version": {hidden(t, page, "version")}})
	wantStatus(t, rec, http.StatusConflict)
	wantContains(t, rec.Body.String(), "Gör och registrera en jävskontroll")

	check := a.post("/matters/"+id+"/conflict-check", url.Values{"version": {hidden(t, page, "version")}})
	wantStatus(t, check, http.StatusOK)
	wantContains(t, check.Body.String(), "Jävskontroll", "Inga träffar", "Registrera beslutet")
	decision := url.Values{"version": {hidden(t, check.Body.String(), "version")},
		"fingerprint": {hidden(t, check.Body.String(), "fingerprint")}, "decision": {"clear"}}
	wantStatus(t, a.post("/matters/"+id+"/conflict-decision", decision), http.StatusSeeOther)
	page = a.get("/matters/" + id).Body.String()
	wantContains(t, page, "Inget jäv")
	rec = a.post("/matters/"+id+"/activate", url.Values{"version": {hidden(t, page, "version")}})
	wantStatus(t, rec, http.StatusSeeOther)
	wantContains(t, a.get(location(rec)).Body.String(), "Ärendet är öppnat.", "Öppet")

	wantContains(t, a.get("/matters").Body.String(), "Arvstvist Intagsson", "Ingrid Intagsson")
	wantContains(t, a.get("/matters?status=open&area=arvsrätt").Body.String(), "Arvstvist Intagsson")
	wantAbsent(t, a.get("/matters?status=intake").Body.String(), "Arvstvist Intagsson")
	wantContains(t, a.post("/matters/search", url.Values{"q": {"arvstvist"}}).Body.String(), "Arvstvist Intagsson")
	history := a.get("/matters/" + id + "/history").Body.String()
	wantContains(t, history, "Ärendet registrerades", "Part lades till", "Jävskontroll registrerades", "Ärendet öppnades", "Klient")
}

// TestConflictHitAndWaiver: a new intake whose client is the counterparty
// of an earlier matter finds it, with that matter's number, title and the
// role there, and the party's role here, when the lawyer may see it. A waiver needs a reason (nothing is
// written without one); with it the matter opens. A declined intake
// cannot open.
func TestConflictHitAndWaiver(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	bo, first := a.createPerson("Bo", "Berglund"), a.createPerson("Frida", "Först")
	old := a.openMatter("Fordran mot Berglund", a.me.ID, first, []string{"counterparty:" + bo}, nil, nil)
	m := a.openMatter("Berglund köper bostad", a.me.ID, bo, nil, nil, nil)
	page := a.get("/matters/" + m.ID).Body.String()
	check := a.post("/matters/"+m.ID+"/conflict-check", url.Values{"version": {hidden(t, page, "version")}}).Body.String()
	wantContains(t, check, "Bo Berglund", "Klient i detta ärende", "samma kontakt", "Motpart", old.Number, "Fordran mot Berglund")
	rec := a.call(http.MethodPost, "/api/v1/matters/"+m.ID+"/conflict-checks", "", "If-Match", web.VersionETag(a.getMatter(m.ID).Version))
	wantStatus(t, rec, http.StatusOK)
	if rep := decode[casework.ConflictJSON](t, rec); len(rep.Parties) != 1 || rep.Parties[0].Role != "client" ||
		len(rep.Parties[0].Hits) == 0 || rep.Parties[0].Hits[0].Role != "counterparty" {
		t.Errorf("the API's check names Bo's roles as %+v, want client here and counterparty there", rep.Parties)
	}

	decision := url.Values{"version": {hidden(t, check, "version")}, "fingerprint": {hidden(t, check, "fingerprint")},
		"decision": {"waived"}}
	before := a.events()
	rec = a.post("/matters/"+m.ID+"/conflict-decision", decision)
	wantStatus(t, rec, http.StatusUnprocessableEntity)
	wantContains(t, rec.Body.String(), "Ange skälet till att jävet godtas", "Fordran mot Berglund")
	if a.events() != before {
		t.Error("a waiver without a reason wrote events")
	}
	decision.Set("reason", "Båda klienterna har samtyckt skriftligen")
	wantStatus(t, a.post("/matters/"+m.ID+"/conflict-decision", decision), http.StatusSeeOther)
	page = a.get("/matters/" + m.ID).Body.String()
	wantContains(t, page, "Jäv godtas", "Båda klienterna har samtyckt skriftligen")
	wantStatus(t, a.post("/matters/"+m.ID+"/activate", url.Values{"version": {hidden(t, page, "version")}}), http.StatusSeeOther)

	declined := a.openMatter("Ännu ett Berglund-uppdrag", a.me.ID, bo, nil, nil, nil)
	a.decide(declined.ID, "declined")
	page = a.get("/matters/" + declined.ID).Body.String()
	rec = a.post("/matters/"+declined.ID+"/activate", url.Values{"version": {hidden(t, page, "version")}})
	wantStatus(t, rec, http.StatusConflict)
	wantContains(t, rec.Body.String(), "avslog uppdraget")
}

// decide runs the check on the page and records decision.
func (a *app) decide(id, decision string) {
	a.t.Helper()
	page := a.get("/matters/" + id).Body.String()
	check := a.post("/matters/"+id+"/conflict-check", url.Values{"version": {hidden(a.t, page, "version")}}).Body.String()
	wantStatus(a.t, a.confirmed("/matters/"+id+"/conflict-decision", url.Values{"version": {hidden(a.t, check, "version")},
		"fingerprint": {hidden(a.t, check, "fingerprint")}, "decision": {decision}}), http.StatusSeeOther)
}

// TestTwoPeopleChangeAMatterAtOnce: both open the edit form; the first
// saves, the second is told someone else changed it and offered a
// reload, and nothing of theirs is written.
func TestTwoPeopleChangeAMatterAtOnce(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	colleague, other := a.lawyer()
	m := a.openMatter("Samtidigt", a.me.ID, a.createPerson("Sam", "Tidig"), nil, []string{colleague.ID}, nil)
	mine, theirs := a.get("/matters/"+m.ID+"/edit").Body.String(), other.get("/matters/"+m.ID+"/edit").Body.String()
	form := func(page, title string) url.Values {
		return url.Values{"version": {hidden(t, page, "version")}, "title": {title}, "practice_area": {"processrätt"}}
	}
	wantStatus(t, a.post("/matters/"+m.ID, form(mine, "Min rubrik")), http.StatusSeeOther)
	before := a.events()
	rec := other.post("/matters/"+m.ID, form(theirs, "Deras rubrik"))
	wantStatus(t, rec, http.StatusConflict)
	wantContains(t, rec.Body.String(), "Någon annan har ändrat ärendet", `href="/matters/`+m.ID+`/edit"`, "Ladda om")
	if a.events() != before || a.getMatter(m.ID).Title != "Min rubrik" {
		t.Error("the stale change was written")
	}
}
