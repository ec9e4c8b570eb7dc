package http_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	casework "github.com/klient-crm/klient/http/casework"

	"github.com/chromedp/chromedp"
)

// TestBrowserNoteAndReschedule: a lawyer adds a note on the matter's
// notes tab and sees it at the top, then opens a task row's change
// controls on the tasks tab, gives the task a new due date and sees it.
func TestBrowserNoteAndReschedule(t *testing.T) {
	t.Parallel()
	a, base, ctx := browserApp(t)
	m := a.openMatter("Anteckning och uppgift", a.me.ID, a.createPerson("Nils", "Notering"), nil, nil, nil)
	rec := a.call(http.MethodPost, "/api/v1/tasks", fmt.Sprintf(`{"title":"Upprätta bouppteckning","assignee":{"staff":%q},"due":%q,"matter_id":%q}`,
		a.me.ID, date(3), m.ID))
	wantStatus(t, rec, http.StatusCreated)
	task := decode[casework.TaskJSON](t, rec)
	signInBrowser(t, ctx, base, a.me.Email)

	step(t, ctx, "open the notes tab",
		chromedp.Navigate(base+"/matters/"+m.ID+"/notes"), chromedp.WaitVisible(chromedp.CSS(`#note-form`)))
	step(t, ctx, "add a note",
		chromedp.SendKeys(chromedp.CSS(`#note-text`), "Dödsboet har två delägare."),
		chromedp.Click(chromedp.CSS(`#note-submit`)),
		chromedp.WaitVisible(chromedp.CSS(`.notes .entry`)))
	want(t, text(t, ctx, ".alert.info"), "The note has been added.")
	want(t, text(t, ctx, ".notes .entry .body"), "Dödsboet har två delägare.")
	if head := text(t, ctx, ".notes .entry .entry-head"); !strings.Contains(head, memberName(a.me)) {
		t.Errorf("the note's head %q does not name its author", head)
	}

	due := `form[action="/tasks/` + task.ID + `/due"]`
	step(t, ctx, "open the task's change controls",
		chromedp.Navigate(base+"/matters/"+m.ID+"/tasks"),
		chromedp.WaitVisible(chromedp.CSS(`.row-actions summary`)),
		chromedp.Click(chromedp.CSS(`.row-actions summary`)),
		chromedp.WaitVisible(chromedp.CSS(due+` input[name="due"]`)))
	step(t, ctx, "reschedule the task",
		chromedp.SetValue(chromedp.CSS(due+` input[name="due"]`), date(12)),
		chromedp.Click(chromedp.CSS(due+` button`)),
		chromedp.WaitVisible(chromedp.CSS(`.alert.info`)))
	want(t, text(t, ctx, ".alert.info"), "The task has been changed.")
	if row := text(t, ctx, "tbody tr"); !strings.Contains(row, "Upprätta bouppteckning") || !strings.Contains(row, date(12)) {
		t.Errorf("the task row %q lacks the new due date %s", row, date(12))
	}
}
