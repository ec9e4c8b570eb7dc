package http_test

import (
	"fmt"
	"net/http"
	"testing"

	casework "github.com/klient-crm/klient/http/casework"

	"github.com/klient-crm/klient/http/web"
)

// TestAPITasksAndDeadlines creates, lists and completes a task and sets
// and lists a deadline through the API; a stale version completes
// nothing.
func TestAPITasksAndDeadlines(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	m := a.openMatter("API-arbete", a.me.ID, a.createPerson("Ada", "Api"), nil, nil, nil)
	rec := a.call(http.MethodPost, "/api/v1/tasks", fmt.Sprintf(`{"title":"Ring klienten","assignee":{"staff":%q},"due":%q,"matter_id":%q}`,
		a.me.ID, date(1), m.ID))
	wantStatus(t, rec, http.StatusCreated)
	task := decode[casework.TaskJSON](t, rec)
	wantContains(t, a.call(http.MethodGet, "/api/v1/tasks", "").Body.String(), "Ring klienten", task.ID)
	wantProblem(t, a.call(http.MethodPost, "/api/v1/tasks/"+task.ID+"/complete", "", "If-Match", web.VersionETag(task.Version+1)), http.StatusConflict)
	rec = a.call(http.MethodPost, "/api/v1/tasks/"+task.ID+"/complete", "", "If-Match", web.VersionETag(task.Version))
	wantStatus(t, rec, http.StatusOK)
	if done := decode[casework.TaskJSON](t, rec); done.Status != "done" {
		t.Errorf("completed: %+v", done)
	}
	wantProblem(t, a.call(http.MethodPost, "/api/v1/tasks/"+newID()+"/complete", "", "If-Match", `"1"`), http.StatusNotFound)

	rec = a.call(http.MethodPost, "/api/v1/deadlines", fmt.Sprintf(`{"matter_id":%q,"kind":"court_date","date":%q,"time":"09:30","title":"Huvudförhandling","responsible":%q,"reminders":[7,1]}`,
		m.ID, date(30), a.me.ID))
	wantStatus(t, rec, http.StatusCreated)
	wantContains(t, a.call(http.MethodGet, "/api/v1/deadlines?matter_id="+m.ID, "").Body.String(), "Huvudförhandling", `"09:30"`)
	wantContains(t, a.call(http.MethodGet, "/api/v1/deadlines", "").Body.String(), "Huvudförhandling")
	wantProblem(t, a.call(http.MethodPost, "/api/v1/deadlines", fmt.Sprintf(`{"matter_id":%q,"kind":"court_date","date":%q,"title":"x","responsible":%q,"reminders":[1]}`,
		newID(), date(3), a.me.ID)), http.StatusNotFound)
}
