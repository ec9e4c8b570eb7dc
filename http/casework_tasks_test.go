package http_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	casework "github.com/klient-crm/klient/http/casework"

	"github.com/klient-crm/klient/domain/access"
	"github.com/klient-crm/klient/http/web"
)

// taskRow posts one of a task row's forms from page, coming back to back.
func (a *app) taskRow(page, taskID, action, back string, extra url.Values) *httptest.ResponseRecorder {
	a.t.Helper()
	return a.rowForm(page, "/tasks/"+taskID+"/"+action, back, extra)
}

// rowForm posts the form whose action is action from page, with the
// version it carries, coming back to back (and confirms it when asked).
func (a *app) rowForm(page, action, back string, extra url.Values) *httptest.ResponseRecorder {
	a.t.Helper()
	i := strings.Index(page, `action="`+action+`"`)
	if i < 0 {
		a.t.Fatalf("no form for %s", action)
	}
	form := url.Values{"version": {hidden(a.t, page[i:], "version")}, "return": {back}}
	for k, v := range extra {
		form[k] = v
	}
	return a.confirmed(action, form)
}

// TestChangeTasks reschedules, reassigns (to a team), starts, cancels and
// reopens a task from the matter's tasks tab; an impossible date, an
// unknown assignee and a stale version are refused with nothing
// written; a lawyer not on the matter gets 404. On /work the member's
// own task is rescheduled from its row.
func TestChangeTasks(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	a.memberIn([]string{"tvist"}, access.RoleLawyer)
	m := a.openMatter("Ändrade uppgifter", a.me.ID, a.createPerson("Ulla", "Uppgift"), nil, nil, nil)
	back := "/matters/" + m.ID + "/tasks"
	form := url.Values{"task_id": {newID()}, "title": {"Granska avtalet"}, "due": {date(3)}, "assignee": {"staff:" + a.me.ID}}
	wantStatus(t, a.post(back, form), http.StatusSeeOther)
	id := form.Get("task_id")
	tab := a.get(back).Body.String()
	wantContains(t, tab, "Ändra", `action="/tasks/`+id+`/due"`, `action="/tasks/`+id+`/assignee"`,
		`<option value="staff:`+a.me.ID+`" selected>`) // the reassign choice starts at the task's assignee

	rec := a.taskRow(tab, id, "due", back, url.Values{"due": {date(10)}})
	wantStatus(t, rec, http.StatusSeeOther)
	if location(rec) != back+"?done=task_saved" {
		t.Errorf("rescheduling went to %s", location(rec))
	}
	stale := tab
	tab = a.get(location(rec)).Body.String()
	wantContains(t, tab, "Uppgiften är ändrad.", date(10))

	_, outsider := a.lawyer()
	before := a.events()
	rec = a.taskRow(tab, id, "due", back, url.Values{"due": {"2026-02-30"}})
	wantStatus(t, rec, http.StatusBadRequest)
	wantContains(t, rec.Body.String(), "Det här är inget datum (ÅÅÅÅ-MM-DD).", "Granska avtalet")
	rec = a.taskRow(tab, id, "assignee", back, url.Values{"assignee": {"staff:" + newID()}})
	wantStatus(t, rec, http.StatusUnprocessableEntity)
	wantContains(t, rec.Body.String(), "Det finns ingen sådan aktiv medarbetare.")
	rec = a.taskRow(stale, id, "due", back, url.Values{"due": {date(4)}})
	wantStatus(t, rec, http.StatusConflict)
	wantContains(t, rec.Body.String(), "Någon annan har ändrat uppgiften", "Ladda om")
	wantStatus(t, outsider.taskRow(tab, id, "cancel", back, nil), http.StatusNotFound)
	if a.events() != before {
		t.Fatalf("refused task changes wrote %d events", a.events()-before)
	}

	tab = a.get(location(a.taskRow(tab, id, "assignee", back, url.Values{"assignee": {"team:tvist"}}))).Body.String()
	wantContains(t, tab, "Team Tvist", `<option value="team:tvist" selected>`)
	tab = a.get(location(a.taskRow(tab, id, "start", back, nil))).Body.String()
	wantContains(t, tab, "Uppgiften är påbörjad.", "Pågår")
	tab = a.get(location(a.taskRow(tab, id, "cancel", back, nil))).Body.String()
	wantContains(t, tab, "Uppgiften är struken.", "Struken", `action="/tasks/`+id+`/reopen"`)
	tab = a.get(location(a.taskRow(tab, id, "reopen", back, nil))).Body.String()
	wantContains(t, tab, "Uppgiften är öppnad igen.", "Öppen")

	mine := url.Values{"task_id": {newID()}, "title": {"Ring klienten"}, "due": {date(1)}, "assignee": {"staff:" + a.me.ID}}
	wantStatus(t, a.post("/tasks", mine), http.StatusSeeOther)
	work := a.get("/work").Body.String()
	rec = a.taskRow(work, mine.Get("task_id"), "due", "/work", url.Values{"due": {date(7)}})
	wantStatus(t, rec, http.StatusSeeOther)
	wantContains(t, a.get(location(rec)).Body.String(), "Uppgiften är ändrad.", "Ring klienten", date(7))
}

// TestAPIChangeTasks reschedules and reassigns a task with PATCH and
// cancels it; an impossible date is a 400, a stale version a 409 and a
// task one may not see a 404, with nothing written.
func TestAPIChangeTasks(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	colleague := a.member(access.RoleLawyer)
	m := a.openMatter("API-uppgifter", a.me.ID, a.createPerson("Api", "Uppgift"), nil, nil, nil)
	rec := a.call(http.MethodPost, "/api/v1/tasks", fmt.Sprintf(`{"title":"Skriv PM","assignee":{"staff":%q},"due":%q,"matter_id":%q}`, a.me.ID, date(2), m.ID))
	wantStatus(t, rec, http.StatusCreated)
	task := decode[casework.TaskJSON](t, rec)
	path := "/api/v1/tasks/" + task.ID

	_, outsider := a.lawyer()
	before := a.events()
	p := wantProblem(t, a.call(http.MethodPatch, path, `{"due":"2026-02-30"}`, "If-Match", web.VersionETag(task.Version)), http.StatusBadRequest)
	if len(p.Errors) == 0 || p.Errors[0].Field != "due" {
		t.Errorf("an impossible date: %+v", p)
	}
	wantProblem(t, a.call(http.MethodPatch, path, `{"due":"`+date(9)+`"}`, "If-Match", web.VersionETag(task.Version+1)), http.StatusConflict)
	wantProblem(t, a.call(http.MethodPatch, path, fmt.Sprintf(`{"due":"","assignee":{"staff":%q}}`, colleague.ID), "If-Match", web.VersionETag(task.Version)), http.StatusUnprocessableEntity)
	wantProblem(t, outsider.call(http.MethodPatch, path, `{"due":"`+date(9)+`"}`, "If-Match", web.VersionETag(task.Version)), http.StatusNotFound)
	wantProblem(t, outsider.call(http.MethodPost, path+"/cancel", "", "If-Match", web.VersionETag(task.Version)), http.StatusNotFound)
	if a.events() != before {
		t.Fatalf("refused API task changes wrote %d events", a.events()-before)
	}

	rec = a.call(http.MethodPatch, path, fmt.Sprintf(`{"due":%q,"assignee":{"staff":%q}}`, date(9), colleague.ID), "If-Match", web.VersionETag(task.Version))
	wantStatus(t, rec, http.StatusOK)
	got := decode[casework.TaskJSON](t, rec)
	if got.Due.String() != date(9) || got.Assignee.Staff != colleague.ID || got.Version != task.Version+2 {
		t.Errorf("patched task: %+v", got)
	}
	rec = a.call(http.MethodPost, path+"/cancel", "", "If-Match", web.VersionETag(got.Version))
	wantStatus(t, rec, http.StatusOK)
	if got = decode[casework.TaskJSON](t, rec); got.Status != "cancelled" {
		t.Errorf("cancelled task: %+v", got)
	}
}
