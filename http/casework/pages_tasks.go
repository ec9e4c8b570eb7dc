package casework

import (
	"html/template"
	"net/http"
	"net/url"

	"github.com/go-chi/chi/v5"
	"github.com/google/uuid"

	workcmd "github.com/klient-crm/klient/commands/work"
	workdomain "github.com/klient-crm/klient/domain/work"
	"github.com/klient-crm/klient/http/web"
)

// loadTasks fills the tasks tab: every task of the matter and the form.
func (s *Handlers) loadTasks(r *http.Request, page *matterPage, names map[string]string) error {
	mw, err := s.deps.WorkReads.ForMatter(r.Context(), page.Matter.ID)
	if err != nil {
		return err
	}
	page.Tasks, err = s.taskViews(r, mw.Tasks, names)
	page.Form = withTaskDefaults(page.Form, r)
	page.Priorities = workdomain.Priorities
	page.Assignees = assigneeChoices(page.Form, page.Staff, page.Teams, page.areas)
	page.Menu = newAssigneeMenu(web.LangOf(r.Context()), page.Assignees)
	return err
}

// withTaskDefaults fills an empty task form: a fresh task ID (a resent
// form creates one task) and the member as assignee.
func withTaskDefaults(f web.FormState, r *http.Request) web.FormState {
	if f.Values != nil {
		return f
	}
	p, _ := web.PrincipalOf(r.Context())
	f.Values = url.Values{"task_id": {uuid.Must(uuid.NewV7()).String()}, "assignee": {"staff:" + p.StaffID},
		"priority": {string(workdomain.PriorityNormal)}}
	return f
}

// createMatterTask creates a task on the matter. An assignee who is not an
// active member, or a team nobody is in, is refused and nothing written.
func (s *Handlers) createMatterTask(w http.ResponseWriter, r *http.Request) {
	if !s.ParseForm(w, r) {
		return
	}
	m := web.MatterOf(r)
	cmd := s.taskCommand(r)
	cmd.MatterID = m.ID
	res, err := s.deps.Work.CreateTask.Handle(r.Context(), cmd)
	if err != nil {
		s.matterFormFailed(w, r, "tasks", err)
		return
	}
	s.Await(r.Context(), workProjector, res.Position)
	http.Redirect(w, r, "/matters/"+m.ID+"/tasks?done=task", http.StatusSeeOther)
}

// createTask creates a task outside any matter, from the start page.
func (s *Handlers) createTask(w http.ResponseWriter, r *http.Request) {
	if !s.ParseForm(w, r) {
		return
	}
	res, err := s.deps.Work.CreateTask.Handle(r.Context(), s.taskCommand(r))
	if err != nil {
		f, status, ok := s.FailedForm(r, err, "/work")
		if !ok {
			s.Fail(w, r, err)
			return
		}
		s.renderWork(w, r, status, workPage{Form: f})
		return
	}
	s.Await(r.Context(), workProjector, res.Position)
	http.Redirect(w, r, "/work?done=task", http.StatusSeeOther)
}

func (s *Handlers) taskCommand(r *http.Request) workcmd.CreateTask {
	f := r.PostForm
	return workcmd.CreateTask{Actor: s.Actor(r), TaskID: f.Get("task_id"), Title: f.Get("title"),
		Description: f.Get("description"), Assignee: assigneeOf(f.Get("assignee")), Due: f.Get("due"),
		Priority: f.Get("priority")}
}

// completeTask marks a task the member may see as done, from the version
// the page showed, and goes back to that page.
func (s *Handlers) completeTask(w http.ResponseWriter, r *http.Request) {
	if !s.ParseForm(w, r) {
		return
	}
	t, err := s.deps.WorkReads.GetTask(r.Context(), chi.URLParam(r, "id"))
	if err == nil {
		err = s.requireTask(r, t)
	}
	var version uint64
	if err == nil {
		version, err = web.VersionOf(r.PostForm)
	}
	var res workcmd.WorkResult
	if err == nil {
		res, err = s.deps.Work.TaskStatus.HandleComplete(r.Context(), workcmd.ChangeTaskStatus{
			Actor: s.Actor(r), TaskID: t.ID, ExpectedVersion: version})
	}
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	s.Await(r.Context(), workProjector, res.Position)
	http.Redirect(w, r, web.BackTo(r.PostForm, "/work")+"?done=completed", http.StatusSeeOther)
}

// taskListView and taskFormView are what the shared task templates take.
type taskListView struct {
	Tasks  []taskView
	Return string        // the page a row's form comes back to
	Can    bool          // the member may change tasks here
	Menu   *assigneeMenu // whom a task can be given to
}

type taskFormView struct {
	Action     string
	Form       web.FormState
	Assignees  template.HTML // the assignee choice's options, the form's choice selected
	Priorities []workdomain.Priority
}

// formOptions are the new-task form's assignee options from the page's
// menu, with the choice the form holds selected.
func formOptions(menu *assigneeMenu, choices []web.Choice) template.HTML {
	if menu == nil {
		return ""
	}
	for _, c := range choices {
		if c.Checked {
			return menu.options(c.Value)
		}
	}
	return menu.options("")
}

func (p matterPage) TaskList() taskListView {
	return taskListView{Tasks: p.Tasks, Return: "/matters/" + p.Matter.ID + "/tasks", Can: p.Can.Tasks, Menu: p.Menu}
}

func (p matterPage) TaskForm() taskFormView {
	return taskFormView{Action: "/matters/" + p.Matter.ID + "/tasks", Form: p.Form, Assignees: formOptions(p.Menu, p.Assignees),
		Priorities: p.Priorities}
}

func (p workPage) OverdueList() taskListView {
	return taskListView{Tasks: p.Overdue, Return: "/work", Can: true, Menu: p.Menu}
}

func (p workPage) TaskList() taskListView {
	return taskListView{Tasks: p.Tasks, Return: "/work", Can: true, Menu: p.Menu}
}

func (p workPage) TaskForm() taskFormView {
	return taskFormView{Action: "/tasks", Form: p.Form, Assignees: formOptions(p.Menu, p.Assignees), Priorities: p.Priorities}
}
