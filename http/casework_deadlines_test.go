package http_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	casework "github.com/klient-crm/klient/http/casework"

	"github.com/klient-crm/klient/http/web"
)

// TestChangeDeadlines moves a deadline on the matter's deadlines tab and
// cancels it from the member's deadlines on /work; an impossible date (a
// 400), unreadable reminders and a stale version are refused with
// nothing written, and a lawyer not on the matter gets 404.
func TestChangeDeadlines(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	m := a.openMatter("Flyttade frister", a.me.ID, a.createPerson("Fia", "Fristsson"), nil, nil, nil)
	back := "/matters/" + m.ID + "/deadlines"
	form := url.Values{"deadline_id": {newID()}, "kind": {"filing"}, "date": {date(5)}, "title": {"Inge svaromål"},
		"responsible": {a.me.ID}, "reminders": {"5, 1"}}
	wantStatus(t, a.post(back, form), http.StatusSeeOther)
	id := form.Get("deadline_id")
	move := "/deadlines/" + id + "/move"
	tab := a.get(back).Body.String()
	wantContains(t, tab, `action="`+move+`"`, `value="5, 1"`)

	_, outsider := a.lawyer()
	before := a.events()
	rec := a.rowForm(tab, move, back, url.Values{"date": {"2026-02-30"}, "reminders": {"1"}})
	wantStatus(t, rec, http.StatusBadRequest)
	wantContains(t, rec.Body.String(), "Det här är inget datum (ÅÅÅÅ-MM-DD).", "Inge svaromål")
	rec = a.rowForm(tab, move, back, url.Values{"date": {date(6)}, "reminders": {"en vecka"}})
	wantStatus(t, rec, http.StatusUnprocessableEntity)
	wantContains(t, rec.Body.String(), "Skriv påminnelserna som antal dagar före")
	wantStatus(t, outsider.rowForm(tab, move, back, url.Values{"date": {date(6)}}), http.StatusNotFound)
	if a.events() != before {
		t.Fatalf("refused moves wrote %d events", a.events()-before)
	}

	rec = a.rowForm(tab, move, back, url.Values{"date": {date(8)}, "time": {"13:00"}, "reminders": {"3"}})
	wantStatus(t, rec, http.StatusSeeOther)
	moved := a.get(location(rec)).Body.String()
	wantContains(t, moved, "Fristen är flyttad.", date(8)+" 13:00")
	before = a.events()
	rec = a.rowForm(tab, move, back, url.Values{"date": {date(9)}, "reminders": {"3"}})
	wantStatus(t, rec, http.StatusConflict)
	wantContains(t, rec.Body.String(), "Någon annan har ändrat fristen", "Ladda om")
	if a.events() != before {
		t.Fatal("a stale move wrote events")
	}

	work := a.get("/work").Body.String()
	wantContains(t, work, "Mina frister", "Inge svaromål")
	rec = a.rowForm(work, "/deadlines/"+id+"/cancel", "/work", nil)
	wantStatus(t, rec, http.StatusSeeOther)
	wantContains(t, a.get(location(rec)).Body.String(), "Fristen är struken.")
	wantContains(t, a.get(back).Body.String(), "Struken")
}

// TestAPIChangeDeadlines moves a deadline with PATCH and cancels it; an
// impossible date is a 400, a stale version a 409 and a deadline on a
// matter one may not see a 404, with nothing written.
func TestAPIChangeDeadlines(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	m := a.openMatter("API-frister", a.me.ID, a.createPerson("Api", "Frist"), nil, nil, nil)
	rec := a.call(http.MethodPost, "/api/v1/deadlines", fmt.Sprintf(`{"matter_id":%q,"kind":"court_date","date":%q,"title":"Huvudförhandling","responsible":%q,"reminders":[7]}`,
		m.ID, date(20), a.me.ID))
	wantStatus(t, rec, http.StatusCreated)
	d := decode[casework.DeadlineJSON](t, rec)
	path := "/api/v1/deadlines/" + d.ID

	_, outsider := a.lawyer()
	before := a.events()
	p := wantProblem(t, a.call(http.MethodPatch, path, `{"date":"2026-02-30"}`, "If-Match", web.VersionETag(d.Version)), http.StatusBadRequest)
	if len(p.Errors) == 0 || p.Errors[0].Field != "date" || p.Errors[0].Code != "work.date.invalid" {
		t.Errorf("an impossible date: %+v", p)
	}
	wantProblem(t, a.call(http.MethodPatch, path, `{"date":"`+date(21)+`"}`, "If-Match", web.VersionETag(d.Version+1)), http.StatusConflict)
	wantProblem(t, outsider.call(http.MethodPatch, path, `{"date":"`+date(21)+`"}`, "If-Match", web.VersionETag(d.Version)), http.StatusNotFound)
	wantProblem(t, outsider.call(http.MethodPost, path+"/cancel", "", "If-Match", web.VersionETag(d.Version)), http.StatusNotFound)
	if a.events() != before {
		t.Fatalf("refused API deadline changes wrote %d events", a.events()-before)
	}

	rec = a.call(http.MethodPatch, path, `{"date":"`+date(21)+`","time":"09:30"}`, "If-Match", web.VersionETag(d.Version))
	wantStatus(t, rec, http.StatusOK)
	got := decode[casework.DeadlineJSON](t, rec)
	if got.Date.String() != date(21) || got.Time != "09:30" || len(got.Reminders) != 1 || got.Reminders[0] != 7 {
		t.Errorf("moved deadline: %+v", got)
	}
	rec = a.call(http.MethodPost, path+"/cancel", fmt.Sprintf(`{"version":%d}`, got.Version))
	wantStatus(t, rec, http.StatusOK)
	if got = decode[casework.DeadlineJSON](t, rec); got.Status != "cancelled" {
		t.Errorf("cancelled deadline: %+v", got)
	}
}

// TestDeadlineReasonsAreKeptSealed: why a deadline moved or was cancelled
// goes with its event, sealed with the matter's key (the stored bytes do
// not hold it), and an auditor reads it in the deadline's history; a
// reason too long is refused with nothing written.
func TestDeadlineReasonsAreKeptSealed(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	m := a.openMatter("Frister med skäl", a.me.ID, a.createPerson("Sara", "Skälsson"), nil, nil, nil)
	d := a.setDeadlineIn(m.ID, a.me.ID, 10)
	path := "/api/v1/deadlines/" + d.ID

	before := a.events()
	long := fmt.Sprintf(`{"date":%q,"reason":%q}`, date(12), strings.Repeat("x", 501))
	p := wantProblem(t, a.call(http.MethodPatch, path, long, "If-Match", web.VersionETag(d.Version)), http.StatusUnprocessableEntity)
	if len(p.Errors) == 0 || p.Errors[0].Field != "reason" {
		t.Errorf("a reason too long: %+v", p)
	}
	if a.events() != before {
		t.Fatal("a refused move wrote events")
	}
	moveReason, cancelReason := "Tingsrätten sköt upp förberedelsen", "Parterna förliktes i går"
	rec := a.call(http.MethodPatch, path, fmt.Sprintf(`{"date":%q,"reason":%q}`, date(12), moveReason), "If-Match", web.VersionETag(d.Version))
	wantStatus(t, rec, http.StatusOK)
	back := "/matters/" + m.ID + "/deadlines"
	rec = a.rowForm(a.get(back).Body.String(), "/deadlines/"+d.ID+"/cancel", back, url.Values{"reason": {cancelReason}})
	wantStatus(t, rec, http.StatusSeeOther)

	for _, reason := range []string{moveReason, cancelReason} {
		var stored int
		must(t, a.pool.QueryRow(context.Background(), `SELECT count(*) FROM events WHERE position(convert_to($1, 'UTF8') IN data) > 0`,
			reason).Scan(&stored))
		if stored != 0 {
			t.Errorf("the event store holds %q in plain text", reason)
		}
	}
	a.awaitTrail()
	_, auditor := a.auditor()
	history := auditor.get("/audit/streams/deadline-" + d.ID)
	wantStatus(t, history, http.StatusOK)
	wantContains(t, history.Body.String(), moveReason, cancelReason)
}

// TestDeadlineConcernsTheClient (issue 15): whether a deadline concerns
// the client — and so whether the client gets the automatic reminder — is
// set on the page and the API. Left out, the kind decides (a court date
// yes, a filing no: README "Automatic messages"); the row's edit form and
// PATCH change it; a value that is neither yes nor no is refused in
// Swedish with nothing written.
func TestDeadlineConcernsTheClient(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	m := a.openMatter("Frister som angår klienten", a.me.ID, a.createPerson("Klara", "Klient"), nil, nil, nil)
	back := "/matters/" + m.ID + "/deadlines"
	wantContains(t, a.get(back).Body.String(), "Angår klienten", "Enligt fristtypen")

	before := a.events()
	bad := url.Values{"deadline_id": {newID()}, "kind": {"filing"}, "date": {date(5)}, "title": {"Inlaga"},
		"responsible": {a.me.ID}, "reminders": {"1"}, "concerns_client": {"kanske"}}
	rec := a.post(back, bad)
	wantStatus(t, rec, http.StatusUnprocessableEntity)
	wantContains(t, rec.Body.String(), "Välj om fristen angår klienten: ja eller nej.")
	if a.events() != before {
		t.Fatalf("a refused deadline wrote %d events", a.events()-before)
	}

	filing := url.Values{"deadline_id": {newID()}, "kind": {"filing"}, "date": {date(5)}, "title": {"Inlaga"},
		"responsible": {a.me.ID}, "reminders": {"1"}, "concerns_client": {""}}
	wantStatus(t, a.post(back, filing), http.StatusSeeOther)
	hearing := url.Values{"deadline_id": {newID()}, "kind": {"filing"}, "date": {date(6)}, "title": {"Komplettering"},
		"responsible": {a.me.ID}, "reminders": {"1"}, "concerns_client": {"yes"}}
	wantStatus(t, a.post(back, hearing), http.StatusSeeOther)
	concerns := func(id string) bool {
		t.Helper()
		rec := a.call(http.MethodGet, "/api/v1/deadlines?matter_id="+m.ID, "")
		wantStatus(t, rec, http.StatusOK)
		for _, d := range decode[struct{ Items []casework.DeadlineJSON }](t, rec).Items {
			if d.ID == id {
				return d.ConcernsClient
			}
		}
		t.Fatalf("deadline %s is not in the matter's list", id)
		return false
	}
	if concerns(filing.Get("deadline_id")) || !concerns(hearing.Get("deadline_id")) {
		t.Fatal("a filing by its kind should not concern the client; one marked yes should")
	}
	tab := a.get(back).Body.String()
	wantContains(t, tab, "Klienten påminns")
	rec = a.rowForm(tab, "/deadlines/"+filing.Get("deadline_id")+"/move", back,
		url.Values{"date": {date(5)}, "reminders": {"1"}, "concerns_client": {"yes"}})
	wantStatus(t, rec, http.StatusSeeOther)
	if !concerns(filing.Get("deadline_id")) {
		t.Fatal("the edit form's yes did not mark the filing")
	}

	rec = a.call(http.MethodPost, "/api/v1/deadlines", fmt.Sprintf(`{"matter_id":%q,"kind":"court_date","date":%q,"title":"Huvudförhandling","responsible":%q,"reminders":[7]}`,
		m.ID, date(20), a.me.ID))
	wantStatus(t, rec, http.StatusCreated)
	d := decode[casework.DeadlineJSON](t, rec)
	if !d.ConcernsClient {
		t.Fatalf("a court date by its kind concerns the client: %+v", d)
	}
	rec = a.call(http.MethodPatch, "/api/v1/deadlines/"+d.ID, `{"concerns_client":false}`, "If-Match", web.VersionETag(d.Version))
	wantStatus(t, rec, http.StatusOK)
	if got := decode[casework.DeadlineJSON](t, rec); got.ConcernsClient || got.Date != d.Date {
		t.Fatalf("PATCH concerns_client false: %+v", got)
	}
	rec = a.call(http.MethodPost, "/api/v1/deadlines", fmt.Sprintf(`{"matter_id":%q,"kind":"other","date":%q,"title":"Möte med klienten","responsible":%q,"reminders":[1],"concerns_client":true}`,
		m.ID, date(9), a.me.ID))
	wantStatus(t, rec, http.StatusCreated)
	if got := decode[casework.DeadlineJSON](t, rec); !got.ConcernsClient {
		t.Fatalf("an API deadline marked true: %+v", got)
	}
}
