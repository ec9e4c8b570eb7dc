package casework

import (
	"net/http"
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

// deadlineChange is one command on a deadline from the version the page
// showed.
type deadlineChange func(r *http.Request, a journal.Actor, deadlineID string, version uint64) (workcmd.WorkResult, error)

// deadlineAction runs change on a deadline of a matter the member may
// see (any other is not found) and goes back to the page the row was on;
// a refusal shows that page again with why, and nothing is written.
func (s *Handlers) deadlineAction(done string, change deadlineChange) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if !s.ParseForm(w, r) {
			return
		}
		d, err := s.visibleDeadline(r, chi.URLParam(r, "id"))
		if err != nil {
			s.Fail(w, r, err)
			return
		}
		version, err := web.VersionOf(r.PostForm)
		if err == nil {
			err = s.refuseArchived(r, d.MatterID)
		}
		var res workcmd.WorkResult
		if err == nil {
			res, err = change(r, s.Actor(r), d.ID, version)
		}
		if err != nil {
			s.rowFailed(w, r, d.MatterID, "deadlines", err)
			return
		}
		s.Await(r.Context(), workProjector, res.Position)
		http.Redirect(w, r, web.BackTo(r.PostForm, "/matters/"+d.MatterID+"/deadlines")+"?done="+done, http.StatusSeeOther)
	}
}

// visibleDeadline reads a deadline as the principal may see it: one on a
// matter they may not see is not found, like an unknown one.
func (s *Handlers) visibleDeadline(r *http.Request, id string) (work.Deadline, error) {
	d, err := s.deps.WorkReads.GetDeadline(r.Context(), id)
	if err != nil {
		return d, err
	}
	if ok, verr := s.CanSeeMatter(r, d.MatterID); verr != nil || !ok {
		return work.Deadline{}, web.FirstErr(verr, errNoSuchDeadline)
	}
	return d, nil
}

// askCancelDeadline names the deadline, its day and its matter: a
// cancelled deadline cannot be set pending again.
func (s *Handlers) askCancelDeadline(r *http.Request) (*web.Confirmation, error) {
	d, err := s.visibleDeadline(r, chi.URLParam(r, "id"))
	if err != nil {
		return nil, err
	}
	m, err := s.VisibleMatter(r, d.MatterID)
	if err != nil {
		return nil, err
	}
	lang := web.LangOf(r.Context())
	title := d.Title
	if d.Erased || title == "" {
		title = i18n.T(lang, "tasks.erased")
	}
	return &web.Confirmation{Question: "confirm.deadline.cancel",
		Args:        []any{title, d.Date.String(), m.Number, matterTitle(lang, m)},
		Consequence: "confirm.deadline.cancel.consequence", Button: "confirm.deadline.cancel.button",
		Back: "/matters/" + m.ID + "/deadlines"}, nil
}

// moveDeadline gives the deadline the row form's date, time and
// reminders; a date the calendar lacks ("2026-02-30") is refused.
func (s *Handlers) moveDeadline(r *http.Request, a journal.Actor, id string, v uint64) (workcmd.WorkResult, error) {
	f := r.PostForm
	reminders, err := remindersOf(f.Get("reminders"))
	if err == nil {
		err = calendarDate("date", f.Get("date"))
	}
	var concerns *bool
	if err == nil {
		concerns, err = concernsClientOf(f.Get("concerns_client"))
	}
	if err != nil {
		return workcmd.WorkResult{}, err
	}
	return s.deps.Work.Deadlines.HandleMove(r.Context(), workcmd.MoveDeadline{Actor: a, DeadlineID: id,
		ExpectedVersion: v, Date: f.Get("date"), Time: f.Get("time"), Reminders: reminders, Reason: f.Get("reason"),
		ConcernsClient: concerns})
}

func (s *Handlers) cancelDeadline(r *http.Request, a journal.Actor, id string, v uint64) (workcmd.WorkResult, error) {
	return s.deps.Work.Deadlines.HandleCancel(r.Context(), workcmd.CloseDeadline{Actor: a, DeadlineID: id,
		ExpectedVersion: v, Reason: r.PostForm.Get("reason")})
}

// deadlineListView is what the shared deadline list takes.
type deadlineListView struct {
	Deadlines []deadlineView
	Return    string // the page a row's form comes back to
	Can       bool   // the member may change deadlines here
}

// deadlineRowView is one row with where its forms come back to; its
// fields are its own, as taskRowView's are.
type deadlineRowView struct {
	ID, Title, ResponsibleName string
	Kind                       workdomain.DeadlineKind
	Date                       workdomain.Date
	Time                       workdomain.TimeOfDay
	Status                     workdomain.DeadlineStatus
	Reminders                  []work.Reminder
	ReminderDays               string // the reminders as the move form takes them back
	Erased, Missed             bool
	ConcernsClient             bool // the client is reminded of it
	Version                    uint64
	Matter                     *matterLink
	Return                     string
	Can                        bool
}

// Rows are the list's rows with what their forms need.
func (l deadlineListView) Rows() []deadlineRowView {
	out := make([]deadlineRowView, len(l.Deadlines))
	for i, d := range l.Deadlines {
		days := make([]string, len(d.Reminders))
		for j, r := range d.Reminders {
			days[j] = strconv.Itoa(r.DaysBefore)
		}
		out[i] = deadlineRowView{ID: d.ID, Title: d.Title, ResponsibleName: d.ResponsibleName, Kind: d.Kind, Date: d.Date,
			Time: d.Time, Status: d.Status, Reminders: d.Reminders, ReminderDays: strings.Join(days, ", "), Erased: d.Erased,
			Missed: d.Missed, ConcernsClient: d.ConcernsClient, Version: d.Version, Matter: d.Matter, Return: l.Return, Can: l.Can}
	}
	return out
}

func (p matterPage) DeadlineList() deadlineListView {
	return deadlineListView{Deadlines: p.Deadlines, Return: "/matters/" + p.Matter.ID + "/deadlines", Can: p.Can.Deadlines}
}

func (p workPage) DeadlineList() deadlineListView {
	return deadlineListView{Deadlines: p.Deadlines, Return: "/work", Can: p.CanDeadlines}
}
