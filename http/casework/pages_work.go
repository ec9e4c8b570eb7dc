package casework

import (
	"net/http"

	"github.com/klient-crm/klient/domain/access"
	workdomain "github.com/klient-crm/klient/domain/work"
	"github.com/klient-crm/klient/http/web"
	"github.com/klient-crm/klient/projections/work"
)

// workPage is the start page of a member's day: what is overdue, their
// open tasks (and their teams'), the reminders of their deadlines that
// have gone off, and the communications they are to follow up.
type workPage struct {
	Overdue   []taskView
	Tasks     []taskView
	Reminders []reminderView
	Deadlines []deadlineView // pending, the member responsible
	FollowUps []entryView
	// DueDiligence are the due-diligence records of the member's matters
	// needing them: new sanctions hits, a decision, a periodic review.
	DueDiligence []cddWatchRow
	Form         web.FormState
	RowAlert     web.FormState // why an action on a task or deadline row was refused
	Assignees    []web.Choice
	Menu         *assigneeMenu // the task rows' reassign choice
	Priorities   []workdomain.Priority
	CanLog       bool
	// CanDeadlines: the member may move and cancel deadlines.
	CanDeadlines bool
	Done         string
	// ShowAll: the page lists everything (?visa=alla) instead of the
	// first startRows of each list; More names the lists that have more.
	ShowAll  bool
	More     map[string]bool
	fetched  map[string]int // rows each list's query returned, before need-to-know
	fetchAll bool           // the lists are read whole (see startRows)
}

// startRows is how many rows of each list the start page shows: a lawyer
// with hundreds of open tasks and follow-ups needs the most urgent first
// and a way to the rest, not a page of thousands of rows (issue 19 found it
// taking seconds at a mid-size firm's size). Each task row carries its
// forms (a choice of every colleague and team), so rendering fifty rows of
// each list was a third of the server's time under load. The queries read
// startFetch rows, room for rows the member may not see; when those were
// mostly hidden the page reads the whole lists, so that neither the rows
// shown nor "the first 25" depend on what need-to-know hides. The page
// says no total for the same reason.
const (
	startRows  = 25
	StartFetch = 8 * startRows
)

// fetchLimit is what the lists' queries may return.
func (p workPage) fetchLimit() int {
	if p.ShowAll || p.fetchAll {
		return 0
	}
	return StartFetch
}

// undecided: a list's query was cut, yet need-to-know left no more than
// startRows of it, so whether more follow is not known from what was read.
func (p workPage) undecided() bool {
	shown := map[string]int{"tasks": len(p.Tasks), "reminders": len(p.Reminders), "deadlines": len(p.Deadlines),
		"follow-ups": len(p.FollowUps)}
	for key, n := range shown {
		if p.fetched[key] >= StartFetch && n <= startRows {
			return true
		}
	}
	return false
}

// Shown is the number of rows shown when list key has more.
func (p workPage) Shown(key string) int {
	if p.More[key] {
		return startRows
	}
	return 0
}

// cut keeps the first startRows of each list unless the page shows all,
// and notes which lists have more.
func (p *workPage) cut() {
	if p.ShowAll {
		return
	}
	p.More = map[string]bool{"overdue": len(p.Overdue) > startRows, "tasks": len(p.Tasks) > startRows,
		"reminders": len(p.Reminders) > startRows, "deadlines": len(p.Deadlines) > startRows,
		"follow-ups": len(p.FollowUps) > startRows}
	p.Overdue, p.Tasks, p.Reminders = p.Overdue[:min(len(p.Overdue), startRows)], p.Tasks[:min(len(p.Tasks), startRows)],
		p.Reminders[:min(len(p.Reminders), startRows)]
	p.Deadlines, p.FollowUps = p.Deadlines[:min(len(p.Deadlines), startRows)], p.FollowUps[:min(len(p.FollowUps), startRows)]
}

// reminderView is one raised reminder with its matter.
type reminderView struct {
	work.RaisedReminder
	Matter *matterLink
}

func (s *Handlers) workPage(w http.ResponseWriter, r *http.Request) {
	s.renderWork(w, r, http.StatusOK, workPage{Done: matterDone[r.URL.Query().Get("done")]})
}

func (s *Handlers) renderWork(w http.ResponseWriter, r *http.Request, status int, page workPage) {
	page.ShowAll = r.URL.Query().Get("visa") == "alla"
	err := s.fillWork(r, &page)
	if err == nil && page.undecided() {
		page.Overdue, page.Tasks, page.Reminders, page.Deadlines, page.FollowUps = nil, nil, nil, nil, nil
		page.fetchAll = true
		err = s.fillWork(r, &page)
	}
	page.cut()
	if err == nil {
		err = s.RecordView(r, page.subjects())
	}
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	s.RenderPage(w, r, status, "work", page)
}

// fillWork reads the member's lists, leaving out whatever belongs to a
// matter they may not see.
func (s *Handlers) fillWork(r *http.Request, page *workPage) error {
	p, _ := web.PrincipalOf(r.Context())
	reads := s.deps.WorkReads
	members, err := s.ActiveStaff(r)
	if err != nil {
		return err
	}
	names := web.NamesOf(members)
	page.fetched = map[string]int{}
	mine, err := reads.MyTasks(r.Context(), p.StaffID, p.Teams, page.fetchLimit())
	page.fetched["tasks"] = len(mine)
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
	if err == nil && p.Can(access.DeadlineManage) {
		page.CanDeadlines = true
		err = s.fillDeadlines(r, page, names)
	}
	if err == nil && p.Can(access.CommunicationLog) {
		err = s.fillFollowUps(r, page, names)
	}
	if err == nil && p.Can(access.CDDRecord) {
		err = s.fillDueDiligence(r, page)
	}
	page.Form, page.Priorities, page.CanLog = withTaskDefaults(page.Form, r), workdomain.Priorities, p.Can(access.CommunicationLog)
	teams, _ := s.Shared().Staff.Teams(r.Context())
	page.Assignees = assigneeChoices(page.Form, web.StaffOptions(members, false), teams, s.deps.Matters.PracticeAreas())
	page.Menu = newAssigneeMenu(web.LangOf(r.Context()), page.Assignees)
	return err
}

// subjects are the data subjects whose data the page shows, for the
// access log: those of the rows shown, not of the rows cut.
func (p workPage) subjects() []string {
	var out []string
	for _, e := range p.FollowUps {
		out = append(append(out, web.Shown(e.Contacts)...), e.DataSubject)
	}
	tasks := append(append([]taskView(nil), p.Tasks...), p.Overdue...)
	return append(append(out, taskSubjects(tasks, p.Reminders)...), deadlineSubjects(p.Deadlines)...)
}

// fillDeadlines lists the member's pending deadlines, soonest first.
func (s *Handlers) fillDeadlines(r *http.Request, page *workPage, names map[string]string) error {
	p, _ := web.PrincipalOf(r.Context())
	found, err := s.deps.WorkReads.Deadlines(r.Context(), work.Filter{StaffID: p.StaffID, Pending: true, Limit: page.fetchLimit()})
	page.fetched["deadlines"] = len(found)
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

func (s *Handlers) fillReminders(r *http.Request, page *workPage) error {
	p, _ := web.PrincipalOf(r.Context())
	raised, err := s.deps.WorkReads.RaisedReminders(r.Context(), p.StaffID, page.fetchLimit())
	page.fetched["reminders"] = len(raised)
	ids := make([]string, 0, len(raised))
	for _, rr := range raised {
		ids = append(ids, rr.Deadline.MatterID)
	}
	if err == nil {
		err = s.PreloadMatters(r, ids)
	}
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

func (s *Handlers) fillFollowUps(r *http.Request, page *workPage, names map[string]string) error {
	p, _ := web.PrincipalOf(r.Context())
	entries, err := s.deps.CommunicationLog.FollowUpsFor(r.Context(), p.StaffID, page.fetchLimit())
	page.fetched["follow-ups"] = len(entries)
	if err != nil {
		return err
	}
	page.FollowUps, _, err = s.entryViews(r, entries, names)
	return err
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
