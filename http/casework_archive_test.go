package http_test

import (
	"net/http"
	"net/url"
	"testing"

	casework "github.com/klient-crm/klient/http/casework"

	"github.com/klient-crm/klient/http/web"
)

// TestArchiveMatter refuses to archive a matter that is not closed and a
// stale version (nothing written), hides the button and the route from a
// lawyer not on the matter, archives a closed one from its page (the
// list's archived filter finds it, no form is left on it) and another
// through the API.
func TestArchiveMatter(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	m := a.openMatter("Arkivärende", a.me.ID, a.createPerson("Arne", "Arkivsson"), nil, nil, nil)
	page := a.get("/matters/" + m.ID).Body.String()
	wantAbsent(t, page, `action="/matters/`+m.ID+`/archive"`)
	opened := hidden(t, page, "version")
	before := a.events()
	rec := a.confirmed("/matters/"+m.ID+"/archive", url.Values{"version": {opened}})
	wantStatus(t, rec, http.StatusConflict)
	wantContains(t, rec.Body.String(), "Bara ett avslutat ärende kan arkiveras.")
	if a.events() != before {
		t.Fatal("a refused archiving wrote events")
	}

	task := url.Values{"task_id": {newID()}, "title": {"Gallra akten"}, "due": {date(30)}, "assignee": {"staff:" + a.me.ID}}
	wantStatus(t, a.post("/matters/"+m.ID+"/tasks", task), http.StatusSeeOther)
	entry := logForm("Sista samtalet", "2026-03-01T10:00", "staff:"+a.me.ID)
	wantStatus(t, a.post("/matters/"+m.ID+"/communications", entry), http.StatusSeeOther)
	opened = hidden(t, a.get("/matters/"+m.ID).Body.String(), "version")
	rec = a.confirmed("/matters/"+m.ID+"/close", url.Values{"version": {opened}})
	wantStatus(t, rec, http.StatusSeeOther)
	page = a.get(location(rec)).Body.String()
	wantContains(t, page, "Avslutat", `action="/matters/`+m.ID+`/archive"`, "Arkivera")
	_, outsider := a.lawyer()
	before = a.events()
	rec = a.confirmed("/matters/"+m.ID+"/archive", url.Values{"version": {opened}})
	wantStatus(t, rec, http.StatusConflict)
	wantContains(t, rec.Body.String(), "Någon annan har ändrat ärendet", "Ladda om")
	wantStatus(t, outsider.confirmed("/matters/"+m.ID+"/archive", url.Values{"version": {hiddenIn(t, page, "/matters/"+m.ID+"/archive")}}), http.StatusNotFound)
	wantProblem(t, outsider.call(http.MethodPost, "/api/v1/matters/"+m.ID+"/archive", `{"version":1}`), http.StatusNotFound)
	if a.events() != before {
		t.Fatal("refused archivings wrote events")
	}

	rec = a.confirmed("/matters/"+m.ID+"/archive", url.Values{"version": {hiddenIn(t, page, "/matters/"+m.ID+"/archive")}})
	wantStatus(t, rec, http.StatusSeeOther)
	page = a.get(location(rec)).Body.String()
	wantContains(t, page, "Ärendet är arkiverat.", "Arkiverat")
	wantAbsent(t, page, `action="/matters/`+m.ID+`/reopen"`, `action="/matters/`+m.ID+`/archive"`)
	wantAbsent(t, a.get("/matters/"+m.ID+"/notes").Body.String(), `id="note-form"`)
	wantContains(t, a.get("/matters?status=archived").Body.String(), "Arkivärende")
	before = a.events()
	tasks := a.get("/matters/" + m.ID + "/tasks").Body.String()
	wantAbsent(t, tasks, `action="/tasks/`+task.Get("task_id")+`/due"`)
	rec = a.rowForm(a.get("/work").Body.String(), "/tasks/"+task.Get("task_id")+"/due", "/work", url.Values{"due": {date(40)}})
	wantStatus(t, rec, http.StatusConflict)
	wantContains(t, rec.Body.String(), "Ärendet är arkiverat")
	wantAbsent(t, a.get("/matters/"+m.ID+"/communications").Body.String(), "/communications/"+entry.Get("communication_id")+"/edit")
	wantStatus(t, a.get("/communications/"+entry.Get("communication_id")+"/edit"), http.StatusConflict)
	if a.events() != before {
		t.Fatal("changes on an archived matter wrote events")
	}
	wantAbsent(t, a.get("/matters?status=closed").Body.String(), "Arkivärende")

	other := a.openMatter("API-arkiv", a.me.ID, a.createPerson("Api", "Arkivsson"), nil, nil, nil)
	wantProblem(t, a.call(http.MethodPost, "/api/v1/matters/"+other.ID+"/archive", "", "If-Match", web.VersionETag(other.Version)), http.StatusConflict)
	page = a.get("/matters/" + other.ID).Body.String()
	wantStatus(t, a.confirmed("/matters/"+other.ID+"/close", url.Values{"version": {hidden(t, page, "version")}}), http.StatusSeeOther)
	closed := a.getMatter(other.ID)
	rec = a.call(http.MethodPost, "/api/v1/matters/"+other.ID+"/archive", "", "If-Match", web.VersionETag(closed.Version))
	wantStatus(t, rec, http.StatusOK)
	if got := decode[casework.MatterJSON](t, rec); got.Status != "archived" {
		t.Errorf("the API archived it as %q", got.Status)
	}
}
