package http

import (
	"net/http"

	"github.com/klient-crm/klient/domain/access"
	workdomain "github.com/klient-crm/klient/domain/work"
	"github.com/klient-crm/klient/projections/work"
)

// workPage is the start page of a member's day: what is overdue, their
// open tasks (and their teams'), the reminders of their deadlines that
// have gone off, and the communications they are to follow up.
type workPage struct {
	Overdue    []taskView
	Tasks      []taskView
	Reminders  []reminderView
	Deadlines  []deadlineView // pending, the member responsible
	FollowUps  []entryView
	Form       formState
	RowAlert   formState // why an action on a task or deadline row was refused
	Assignees  []choice
	Priorities []workdomain.Priority
	CanLog     bool
	// CanDeadlines: the member may move and cancel deadlines.
	CanDeadlines bool
	Done         string
}

// reminderView is one raised reminder with its matter.
type reminderView struct {
	work.RaisedReminder
	Matter *matterLink
}

func (s *server) workPage(w http.ResponseWriter, r *http.Request) {
	s.renderWork(w, r, http.StatusOK, workPage{Done: matterDone[r.URL.Query().Get("done")]})
}

func (s *server) renderWork(w http.ResponseWriter, r *http.Request, status int, page workPage) {
	subjects, err := s.fillWork(r, &page)
	if err == nil {
		err = s.recordView(r, subjects)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.renderPage(w, r, status, "work", page)
}

// fillWork reads the member's lists, leaving out whatever belongs to a
// matter they may not see, and returns the data subjects shown.
func (s *server) fillWork(r *http.Request, page *workPage) ([]string, error) {
	p, _ := principalOf(r.Context())
	reads := s.deps.Casework.WorkReads
	members, err := s.activeStaff(r)
	if err != nil {
		return nil, err
	}
	names := namesOf(members)
	mine, err := reads.MyTasks(r.Context(), p.StaffID, p.Teams)
	if err == nil {
		page.Tasks, err = s.taskViews(r, mine, names)
	}
	for _, t := range page.Tasks {
		if t.Overdue {
			page.Overdue = append(page.Overdue, t)
		}
	}
	if err == nil {
		err = s.fillReminders(r, page)
	}
	if err == nil && p.can(access.DeadlineManage) {
		page.CanDeadlines = true
		err = s.fillDeadlines(r, page, names)
	}
	var subjects []string
	if err == nil && p.can(access.CommunicationLog) {
		subjects, err = s.fillFollowUps(r, page, names)
	}
	page.Form, page.Priorities, page.CanLog = withTaskDefaults(page.Form, r), workdomain.Priorities, p.can(access.CommunicationLog)
	teams, _ := s.deps.Staff.Teams(r.Context())
	page.Assignees = assigneeChoices(page.Form, staffOptions(members, false), teams)
	return append(append(subjects, taskSubjects(page.Tasks, page.Reminders)...), deadlineSubjects(page.Deadlines)...), err
}

// fillDeadlines lists the member's pending deadlines, soonest first.
func (s *server) fillDeadlines(r *http.Request, page *workPage, names map[string]string) error {
	p, _ := principalOf(r.Context())
	found, err := s.deps.Casework.WorkReads.Deadlines(r.Context(), work.Filter{StaffID: p.StaffID, Pending: true})
	if err == nil {
		page.Deadlines, err = s.deadlineViews(r, found, names)
	}
	return err
}

// deadlineSubjects are whose text the deadlines shown carry: their
// matters'.
func deadlineSubjects(deadlines []deadlineView) []string {
	out := make([]string, len(deadlines))
	for i, d := range deadlines {
		out[i] = "matter-" + d.MatterID
	}
	return out
}

func (s *server) fillReminders(r *http.Request, page *workPage) error {
	p, _ := principalOf(r.Context())
	raised, err := s.deps.Casework.WorkReads.RaisedReminders(r.Context(), p.StaffID)
	for _, rr := range raised {
		link, ok, lerr := s.matterLinkOf(r, rr.Deadline.MatterID)
		if lerr != nil {
			return lerr
		}
		if ok {
			page.Reminders = append(page.Reminders, reminderView{RaisedReminder: rr, Matter: link})
		}
	}
	return err
}

func (s *server) fillFollowUps(r *http.Request, page *workPage, names map[string]string) ([]string, error) {
	p, _ := principalOf(r.Context())
	entries, err := s.deps.Casework.CommunicationLog.FollowUpsFor(r.Context(), p.StaffID)
	if err != nil {
		return nil, err
	}
	var subjects []string
	page.FollowUps, subjects, err = s.entryViews(r, entries, names)
	for _, e := range page.FollowUps {
		subjects = append(subjects, e.DataSubject)
	}
	return subjects, err
}

// taskSubjects are whose text the tasks and reminders shown carry.
func taskSubjects(tasks []taskView, reminders []reminderView) []string {
	var out []string
	for _, t := range tasks {
		switch {
		case t.MatterID != "":
			out = append(out, "matter-"+t.MatterID)
		case t.ContactID != "":
			out = append(out, t.ContactID)
		default:
			out = append(out, "task-"+t.ID)
		}
	}
	for _, rr := range reminders {
		out = append(out, "matter-"+rr.Deadline.MatterID)
	}
	return out
}
