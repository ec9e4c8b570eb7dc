package http_test

import (
	"net/http"
	"net/url"
	"testing"
	"time"

	casework "github.com/klient-crm/klient/http/casework"

	"github.com/klient-crm/klient/domain/access"
)

// processTemplate is a template form for processrätt: one task for the
// matter's lawyer and one deadline with two reminders.
func processTemplate(days string) url.Values {
	return url.Values{
		"version": {"0"}, "exists": {"false"},
		"task_key": {"", ""}, "task_title": {"Skicka uppdragsbekräftelse", ""}, "task_days": {days, ""},
		"task_assignee": {"role:lawyer", "role:lawyer"}, "task_priority": {"high", "normal"},
		"deadline_key": {""}, "deadline_title": {"Inge svaromål"}, "deadline_kind": {"filing"},
		"deadline_days": {"14"}, "deadline_reminders": {"7, 1"}, "deadline_responsible": {"lawyer"},
	}
}

// An administrator defines a practice area's template on its page; a
// matter of that area, once opened, has the template's task for its
// responsible lawyer.
func TestTemplateDefinedOnItsPageShapesNewMatters(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	admin := a.as(a.signIn(a.member(access.RoleAdmin).ID))
	list := admin.get("/admin/templates")
	wantStatus(t, list, http.StatusOK)
	wantContains(t, list.Body.String(), "processrätt", "Ingen mall")

	area := "/admin/templates/" + url.PathEscape("processrätt")
	rec := admin.post(area, processTemplate("2"))
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("saving the template: %d %s", rec.Code, rec.Body)
	}
	page := admin.get(area).Body.String()
	wantContains(t, page, "Skicka uppdragsbekräftelse", "Inge svaromål", `value="7, 1"`, `value="skicka-uppdragsbekraftelse"`)

	client := a.createPerson("Tilda", "Mallström")
	m := a.openMatter("Tvist om hyra", a.me.ID, client, nil, nil, nil)
	a.clearAndOpen(m.ID, "clear", "")
	task := a.awaitTask(m.ID)
	if task.Title != "Skicka uppdragsbekräftelse" || task.Priority != "high" || task.Assignee.Staff != a.me.ID {
		t.Fatalf("the template's task: %+v", task)
	}
}

// A template form with a number that is no number, or days out of range,
// is shown again with the reason, and nothing is written.
func TestTemplateFormRefusesBadDays(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	admin := a.as(a.signIn(a.member(access.RoleAdmin).ID))
	area := "/admin/templates/" + url.PathEscape("arbetsrätt")
	before := a.events()
	for days, want := range map[string]string{"två": "hela dagar", "5000": "3650"} {
		rec := admin.post(area, processTemplate(days))
		if rec.Code < 400 || rec.Code > 499 {
			t.Fatalf("days %q: status %d", days, rec.Code)
		}
		wantContains(t, rec.Body.String(), want, "Skicka uppdragsbekräftelse")
	}
	if after := a.events(); after != before {
		t.Fatalf("a refused template wrote %d events", after-before)
	}
	wantStatus(t, admin.get("/admin/templates/"+url.PathEscape("ingenting")), http.StatusNotFound)
	lawyer := a.as(a.signIn(a.member(access.RoleLawyer).ID))
	wantStatus(t, lawyer.get("/admin/templates"), http.StatusForbidden)
}

// awaitTask waits for the first task of matter on the member's list.
func (a *app) awaitTask(matterID string) casework.TaskJSON {
	a.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		rec := a.call(http.MethodGet, "/api/v1/tasks", "")
		wantStatus(a.t, rec, http.StatusOK)
		for _, task := range decode[struct {
			Items []casework.TaskJSON `json:"items"`
		}](a.t, rec).Items {
			if task.MatterID == matterID {
				return task
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	a.t.Fatalf("matter %s got no task", matterID)
	return casework.TaskJSON{}
}
