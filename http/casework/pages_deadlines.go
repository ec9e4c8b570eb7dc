package casework

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/go-chi/chi/v5"
	"github.com/google/uuid"

	workcmd "github.com/klient-crm/klient/commands/work"
	"github.com/klient-crm/klient/domain"
	workdomain "github.com/klient-crm/klient/domain/work"
	"github.com/klient-crm/klient/http/web"
)

// loadDeadlines fills the deadlines tab: every deadline of the matter and
// the form for a new one.
func (s *Handlers) loadDeadlines(r *http.Request, page *matterPage, names map[string]string) error {
	mw, err := s.deps.WorkReads.ForMatter(r.Context(), page.Matter.ID)
	if err != nil {
		return err
	}
	page.Deadlines, err = s.deadlineViews(r, mw.Deadlines, names)
	page.DeadlineKinds = workdomain.DeadlineKinds
	if page.Form.Values == nil {
		p, _ := web.PrincipalOf(r.Context())
		page.Form.Values = url.Values{"deadline_id": {uuid.Must(uuid.NewV7()).String()}, "responsible": {p.StaffID},
			"reminders": {"14, 7, 1"}, "kind": {string(workdomain.KindCourtDate)}}
	}
	return err
}

// setDeadline sets a deadline on the matter. A date the calendar lacks
// ("2026-02-30") is refused and nothing written.
func (s *Handlers) setDeadline(w http.ResponseWriter, r *http.Request) {
	if !s.ParseForm(w, r) {
		return
	}
	m := web.MatterOf(r)
	f := r.PostForm
	reminders, err := remindersOf(f.Get("reminders"))
	var concerns *bool
	if err == nil {
		concerns, err = concernsClientOf(f.Get("concerns_client"))
	}
	var res workcmd.WorkResult
	if err == nil {
		res, err = s.deps.Work.SetDeadline.Handle(r.Context(), workcmd.SetDeadline{Actor: s.Actor(r),
			DeadlineID: f.Get("deadline_id"), MatterID: m.ID, Kind: f.Get("kind"), Date: f.Get("date"),
			Time: f.Get("time"), Title: f.Get("title"), Responsible: f.Get("responsible"), Reminders: reminders,
			ConcernsClient: concerns})
	}
	if err != nil {
		s.matterFormFailed(w, r, "deadlines", err)
		return
	}
	s.Await(r.Context(), workProjector, res.Position)
	http.Redirect(w, r, "/matters/"+m.ID+"/deadlines?done=deadline", http.StatusSeeOther)
}

// remindersOf reads "14, 7, 1": days before the deadline.
func remindersOf(v string) ([]int, error) {
	var out []int
	for _, part := range strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == ' ' || r == ';' }) {
		n, err := strconv.Atoi(part)
		if err != nil {
			return nil, domain.Invalid("reminders", "write the reminders as days before, such as 14, 7, 1").
				WithCode("deadlines.reminders.format")
		}
		out = append(out, n)
	}
	return out, nil
}

// concernsClientOf reads the form's "concerns the client": "yes", "no",
// or "" for the kind's default (a new deadline) or as it was (an edit).
func concernsClientOf(v string) (*bool, error) {
	switch v {
	case "":
		return nil, nil
	case "yes", "no":
		concerns := v == "yes"
		return &concerns, nil
	}
	return nil, domain.Invalid("concerns_client", "choose yes or no").WithCode("deadlines.concerns_client.invalid")
}

// meetDeadline marks a deadline as met, from the version the page showed.
func (s *Handlers) meetDeadline(w http.ResponseWriter, r *http.Request) {
	if !s.ParseForm(w, r) {
		return
	}
	d, err := s.deps.WorkReads.GetDeadline(r.Context(), chi.URLParam(r, "id"))
	if err == nil {
		if ok, verr := s.CanSeeMatter(r, d.MatterID); verr != nil || !ok {
			err = web.FirstErr(verr, errNoSuchDeadline)
		}
	}
	var version uint64
	if err == nil {
		version, err = web.VersionOf(r.PostForm)
	}
	var res workcmd.WorkResult
	if err == nil {
		res, err = s.deps.Work.Deadlines.HandleMeet(r.Context(), workcmd.CloseDeadline{
			Actor: s.Actor(r), DeadlineID: d.ID, ExpectedVersion: version})
	}
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	s.Await(r.Context(), workProjector, res.Position)
	http.Redirect(w, r, web.BackTo(r.PostForm, "/matters/"+d.MatterID+"/deadlines")+"?done=met", http.StatusSeeOther)
}

// errNoSuchDeadline is what a deadline one may not see looks like.
var errNoSuchDeadline = domain.NotFound("there is no such deadline").WithCode("work.deadline.not_found")
