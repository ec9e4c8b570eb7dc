package casework

import (
	"context"
	"html"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/go-chi/chi/v5"

	"github.com/klient-crm/klient/commands/journal"
	workcmd "github.com/klient-crm/klient/commands/work"
	workdomain "github.com/klient-crm/klient/domain/work"
	"github.com/klient-crm/klient/http/i18n"
	"github.com/klient-crm/klient/http/web"
	"github.com/klient-crm/klient/projections/work"
)

// taskChange is one command on a task from the version the page showed.
type taskChange func(r *http.Request, a journal.Actor, taskID string, version uint64) (workcmd.WorkResult, error)

// taskAction runs change on a task the member may see (any other is not
// found) and goes back to the page the row was on saying done; a refusal
// shows that page again with why, and nothing is written.
func (s *Handlers) taskAction(done string, change taskChange) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if !s.ParseForm(w, r) {
			return
		}
		t, err := s.deps.WorkReads.GetTask(r.Context(), chi.URLParam(r, "id"))
		if err == nil {
			err = s.requireTask(r, t)
		}
		if err != nil {
			s.Fail(w, r, err)
			return
		}
		version, err := web.VersionOf(r.PostForm)
		if err == nil {
			err = s.refuseArchived(r, t.MatterID)
		}
		var res workcmd.WorkResult
		if err == nil {
			res, err = change(r, s.Actor(r), t.ID, version)
		}
		if err != nil {
			s.rowFailed(w, r, t.MatterID, "tasks", err)
			return
		}
		s.Await(r.Context(), workProjector, res.Position)
		http.Redirect(w, r, web.BackTo(r.PostForm, "/work")+"?done="+done, http.StatusSeeOther)
	}
}

// taskStatusStep is one TaskStatus method as a value.
type taskStatusStep func(TaskStatus, context.Context, workcmd.ChangeTaskStatus) (workcmd.WorkResult, error)

func (s *Handlers) taskStatus(step taskStatusStep) taskChange {
	return func(r *http.Request, a journal.Actor, id string, v uint64) (workcmd.WorkResult, error) {
		return step(s.deps.Work.TaskStatus, r.Context(), workcmd.ChangeTaskStatus{Actor: a, TaskID: id, ExpectedVersion: v})
	}
}

// reassignTask gives the task to the staff member or team the row's
// form chose ("staff:<id>" or "team:<name>").
func (s *Handlers) reassignTask(r *http.Request, a journal.Actor, id string, v uint64) (workcmd.WorkResult, error) {
	return s.deps.Work.TaskUpdate.HandleReassign(r.Context(), workcmd.ReassignTask{Actor: a, TaskID: id,
		ExpectedVersion: v, Assignee: assigneeOf(r.PostForm.Get("assignee"))})
}

// rescheduleTask moves the due date; a date the calendar lacks is
// refused by the domain.
func (s *Handlers) rescheduleTask(r *http.Request, a journal.Actor, id string, v uint64) (workcmd.WorkResult, error) {
	if err := calendarDate("due", r.PostForm.Get("due")); err != nil {
		return workcmd.WorkResult{}, err
	}
	return s.deps.Work.TaskUpdate.HandleReschedule(r.Context(), workcmd.RescheduleTask{Actor: a, TaskID: id,
		ExpectedVersion: v, Due: r.PostForm.Get("due")})
}

// rowFailed shows the page a row's form came from again, with why its
// action was refused above the lists: the matter's tab when the form came
// from there, else the start page. An error no form can show gets the
// error page.
func (s *Handlers) rowFailed(w http.ResponseWriter, r *http.Request, matterID, tab string, err error) {
	back := web.BackTo(r.PostForm, "/work")
	f, status, ok := s.FailedForm(r, err, back)
	if !ok {
		s.Fail(w, r, err)
		return
	}
	if matterID != "" && back == "/matters/"+matterID+"/"+tab {
		m, merr := s.VisibleMatter(r, matterID)
		if merr == nil {
			r = web.WithMatter(r, m)
			s.renderMatter(w, r, status, matterPage{Tab: tab, RowAlert: f})
			return
		}
	}
	s.renderWork(w, r, status, workPage{RowAlert: f})
}

// taskRowView is one task row for the shared template: the task, where
// its forms come back to, and the options of its reassign form. Its fields
// are its own, not promoted from an embedded task: the template looks up a
// promoted field by a breadth-first search that allocates, for every field
// of every row (a fifth of the start page's rendering, issue 19).
type taskRowView struct {
	ID, Title, AssigneeName string
	Assignee                workdomain.Assignee
	Due                     workdomain.Date
	Priority                workdomain.Priority
	Status                  workdomain.TaskStatus
	Erased, Overdue         bool
	Version                 uint64
	Matter                  *matterLink
	Return                  string
	Can                     bool
	// Actions is the row's "change" disclosure with its forms (reopen, or
	// reassign, reschedule, start and cancel), written by the page's menu.
	Actions template.HTML
}

// Rows are the task list's rows with what their forms need.
func (l taskListView) Rows() []taskRowView {
	out := make([]taskRowView, len(l.Tasks))
	for i, t := range l.Tasks {
		out[i] = taskRowView{ID: t.ID, Title: t.Title, AssigneeName: t.AssigneeName, Assignee: t.Assignee, Due: t.Due,
			Priority: t.Priority, Status: t.Status, Erased: t.Erased, Overdue: t.Overdue, Version: t.Version, Matter: t.Matter,
			Return: l.Return, Can: l.Can}
		if l.Menu != nil && l.Can && !t.Erased {
			out[i].Actions = l.Menu.actions(out[i], assigneeValue(t.Task))
		}
	}
	return out
}

// assigneeMenu writes each task row's change forms, with the reassign
// form's choice of every colleague and team. Each row offers the same
// choice and the same forms, and executing the template for them on every
// row of a long list was most of the start page's rendering (issue 19): the
// choice and the labels are escaped once per page, and a row joins strings.
type assigneeMenu struct {
	values           []string
	plain, selection []string          // each option as HTML, without and with "selected"
	label            map[string]string // the forms' words, escaped, by message key
}

func newAssigneeMenu(lang i18n.Lang, choices []web.Choice) *assigneeMenu {
	m := &assigneeMenu{label: map[string]string{}}
	for _, c := range choices {
		label := c.Label
		if c.Team {
			label = i18n.T(lang, "matters.team_prefix") + " " + label
		}
		value, text := html.EscapeString(c.Value), html.EscapeString(label)
		m.values = append(m.values, c.Value)
		m.plain = append(m.plain, `<option value="`+value+`">`+text+`</option>`)
		m.selection = append(m.selection, `<option value="`+value+`" selected>`+text+`</option>`)
	}
	for _, key := range []string{"tasks.change", "tasks.reopen", "tasks.new_assignee", "tasks.reassign", "tasks.new_due",
		"tasks.reschedule", "tasks.start", "tasks.cancel"} {
		m.label[key] = html.EscapeString(i18n.T(lang, key))
	}
	return m
}

// actions is row's change disclosure, its reassign choice at value.
func (m *assigneeMenu) actions(row taskRowView, value string) template.HTML {
	var b strings.Builder
	path := "/tasks/" + url.PathEscape(row.ID) + "/"
	hidden := `<input type="hidden" name="version" value="` + strconv.FormatUint(row.Version, 10) +
		`"><input type="hidden" name="return" value="` + html.EscapeString(row.Return) + `">`
	form := func(action, class, label string, fields ...string) {
		b.WriteString(`<form class="inline" method="post" action="` + path + action + `">` + hidden)
		for _, f := range fields {
			b.WriteString(f)
		}
		b.WriteString(`<button class="` + class + `" type="submit">` + m.label[label] + `</button></form>`)
	}
	b.WriteString(`<details class="row-actions"><summary>` + m.label["tasks.change"] + `</summary>`)
	if row.Status.Closed() {
		form("reopen", "button", "tasks.reopen")
	} else {
		form("assignee", "button", "tasks.reassign",
			`<label>`+m.label["tasks.new_assignee"]+` <select name="assignee">`+string(m.options(value))+`</select></label>`)
		form("due", "button", "tasks.reschedule",
			`<label>`+m.label["tasks.new_due"]+` <input type="date" name="due" value="`+html.EscapeString(row.Due.String())+`"></label>`)
		if row.Status == workdomain.TaskStatusOpen {
			form("start", "button", "tasks.start")
		}
		form("cancel", "button danger", "tasks.cancel")
	}
	b.WriteString(`</details>`)
	return template.HTML(b.String()) // #nosec G203 -- every value and label escaped above
}

// options are the menu's options with value selected.
func (m *assigneeMenu) options(value string) template.HTML {
	var b strings.Builder
	for i, v := range m.values {
		if v == value {
			b.WriteString(m.selection[i])
		} else {
			b.WriteString(m.plain[i])
		}
	}
	return template.HTML(b.String()) // #nosec G203 -- every value and label escaped in newAssigneeMenu
}

// assigneeValue is the task's assignee as the forms write it.
func assigneeValue(t work.Task) string {
	if t.Assignee.IsTeam() {
		return "team:" + t.Assignee.Team
	}
	return "staff:" + t.Assignee.Staff
}
