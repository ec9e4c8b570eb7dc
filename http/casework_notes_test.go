package http_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	casework "github.com/klient-crm/klient/http/casework"

	"github.com/klient-crm/klient/http/web"
)

// memberName is the name the harness gives a member.
func memberName(m member) string { return "Medarbetare " + m.ID[len(m.ID)-4:] }

// TestMatterNotes adds notes on the matter's notes tab (newest first,
// with author and time), refuses an empty note and a stale version with
// nothing written, hides the tab from a lawyer not on the matter, and
// adds and reads notes through the API.
func TestMatterNotes(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	m := a.openMatter("Anteckningsärende", a.me.ID, a.createPerson("Nora", "Notsson"), nil, nil, nil)
	tab := a.get("/matters/" + m.ID + "/notes").Body.String()
	wantContains(t, tab, "Ny anteckning", "Inga anteckningar.", `name="note_id"`)
	first := url.Values{"note_id": {hidden(t, tab, "note_id")}, "version": {hidden(t, tab, "version")}, "text": {"Motparten ringde om förlikning."}}
	rec := a.post("/matters/"+m.ID+"/notes", first)
	wantStatus(t, rec, http.StatusSeeOther)
	tab = a.get(location(rec)).Body.String()
	wantContains(t, tab, "Anteckningen är tillagd.", "Motparten ringde om förlikning.", memberName(a.me))
	second := url.Values{"note_id": {hidden(t, tab, "note_id")}, "version": {hidden(t, tab, "version")}, "text": {"Klienten godtar förlikning."}}
	wantStatus(t, a.post("/matters/"+m.ID+"/notes", second), http.StatusSeeOther)
	tab = a.get("/matters/" + m.ID + "/notes").Body.String()
	if strings.Index(tab, "Klienten godtar") > strings.Index(tab, "Motparten ringde") {
		t.Error("the notes are not newest first")
	}

	before := a.events()
	empty := url.Values{"note_id": {newID()}, "version": {hidden(t, tab, "version")}, "text": {"  "}}
	rec = a.post("/matters/"+m.ID+"/notes", empty)
	wantStatus(t, rec, http.StatusUnprocessableEntity)
	wantContains(t, rec.Body.String(), "Fältet måste fyllas i.")
	stale := url.Values{"note_id": {newID()}, "version": {first.Get("version")}, "text": {"Sent påhitt."}}
	rec = a.post("/matters/"+m.ID+"/notes", stale)
	wantStatus(t, rec, http.StatusConflict)
	wantContains(t, rec.Body.String(), "Någon annan har ändrat ärendet", "Ladda om")
	if a.events() != before {
		t.Errorf("refused notes wrote %d events", a.events()-before)
	}

	_, outsider := a.lawyer()
	wantStatus(t, outsider.get("/matters/"+m.ID+"/notes"), http.StatusNotFound)
	wantStatus(t, outsider.post("/matters/"+m.ID+"/notes", url.Values{"note_id": {newID()}, "version": {"9"}, "text": {"x"}}), http.StatusNotFound)
	wantProblem(t, outsider.call(http.MethodPost, "/api/v1/matters/"+m.ID+"/notes", `{"text":"x","version":9}`), http.StatusNotFound)

	got := a.getMatter(m.ID)
	if len(got.Notes) != 2 || got.Notes[0].Text != "Klienten godtar förlikning." || got.Notes[0].Author != a.me.ID {
		t.Fatalf("the API's notes: %+v", got.Notes)
	}
	rec = a.call(http.MethodPost, "/api/v1/matters/"+m.ID+"/notes", `{"text":"Via API."}`, "If-Match", web.VersionETag(got.Version))
	wantStatus(t, rec, http.StatusCreated)
	if out := decode[casework.MatterJSON](t, rec); len(out.Notes) != 3 || out.Notes[0].Text != "Via API." {
		t.Errorf("the API answered %+v", out.Notes)
	}
	before = a.events()
	p := wantProblem(t, a.call(http.MethodPost, "/api/v1/matters/"+m.ID+"/notes", `{"text":"Gammal."}`, "If-Match", web.VersionETag(got.Version)), http.StatusConflict)
	wantProblem(t, a.call(http.MethodPost, "/api/v1/matters/"+m.ID+"/notes", fmt.Sprintf(`{"text":"","version":%d}`, got.Version+1)), http.StatusUnprocessableEntity)
	if a.events() != before || !strings.Contains(p.Detail, "Någon annan") {
		t.Errorf("refused API notes: %+v, %d events", p, a.events()-before)
	}
}
