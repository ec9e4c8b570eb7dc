package casework

import (
	"net/http"

	"github.com/go-chi/chi/v5"
	workcmd "github.com/klient-crm/klient/commands/work"
	"github.com/klient-crm/klient/http/web"
	"github.com/klient-crm/klient/projections/work"
)

// deadlineRequest sets a deadline on a matter.
type deadlineRequest struct {
	ID          string `json:"id,omitempty"`
	MatterID    string `json:"matter_id"`
	Kind        string `json:"kind"`
	Date        string `json:"date"`
	Time        string `json:"time,omitempty"`
	Title       string `json:"title"`
	Responsible string `json:"responsible"`
	Reminders   []int  `json:"reminders"`
	// ConcernsClient: the matter's clients are reminded of it; left out,
	// the kind decides (court dates, appeal deadlines and limitation
	// periods yes, filings and others no).
	ConcernsClient *bool `json:"concerns_client,omitempty"`
}

// apiListDeadlines is GET /api/v1/deadlines: a matter's (matter_id) or,
// without one, the caller's pending deadlines, soonest first, a page at a
// time (web.PageOf). The deadlines of a matter the caller may not see are
// left out in the query, as if there were none.
func (s *Handlers) apiListDeadlines(w http.ResponseWriter, r *http.Request) {
	p, _ := web.PrincipalOf(r.Context())
	viewer := p.Viewer()
	f := work.Filter{MatterID: r.URL.Query().Get("matter_id"), Viewer: &viewer}
	if f.MatterID == "" {
		f.StaffID, f.Pending = p.StaffID, true
	}
	page, err := web.PageOf(r.URL.Query(), "deadlines")
	if err == nil {
		f.Limit = page.ReadLimit()
		f.After, err = web.After[work.DeadlineKey](page)
	}
	if err == nil {
		f.Walls, err = s.WalledTargets(r)
	}
	var found []work.Deadline
	if err == nil {
		found, err = s.deps.WorkReads.Deadlines(r.Context(), f)
	}
	found, next := web.Cut(page, found, func(d work.Deadline) web.CursorKey { return d.Key() })
	var views []deadlineView
	if err == nil {
		views, err = s.deadlineViews(r, found, nil)
	}
	items := make([]DeadlineJSON, len(views))
	var subjects []string
	for i, v := range views {
		items[i], subjects = deadlineOut(v.Deadline), append(subjects, "matter-"+v.MatterID)
	}
	if err == nil {
		err = s.RecordView(r, subjects)
	}
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	web.WriteJSON(w, http.StatusOK, web.PageJSON(items, next))
}

// apiSetDeadline is POST /api/v1/deadlines. A date the calendar lacks is
// refused and nothing written.
func (s *Handlers) apiSetDeadline(w http.ResponseWriter, r *http.Request) {
	var req deadlineRequest
	if err := web.DecodeJSON(r, &req); err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	err := s.requireLinks(r, req.MatterID)
	var res workcmd.WorkResult
	if err == nil {
		res, err = s.deps.Work.SetDeadline.Handle(r.Context(), workcmd.SetDeadline{Actor: s.Actor(r),
			DeadlineID: req.ID, MatterID: req.MatterID, Kind: req.Kind, Date: req.Date, Time: req.Time, Title: req.Title,
			Responsible: req.Responsible, Reminders: req.Reminders, ConcernsClient: req.ConcernsClient})
	}
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	s.Await(r.Context(), workProjector, res.Position)
	w.Header().Set("ETag", web.VersionETag(res.Version))
	d, err := s.deps.WorkReads.GetDeadline(r.Context(), res.ID)
	if err != nil {
		d = work.Deadline{ID: res.ID, Version: res.Version}
	}
	web.WriteJSON(w, http.StatusCreated, deadlineOut(d))
}

// patchDeadlineRequest moves a deadline: fields left out keep their
// value. The version comes in If-Match or the version field.
type patchDeadlineRequest struct {
	Version   *uint64 `json:"version,omitempty"`
	Date      *string `json:"date,omitempty"`
	Time      *string `json:"time,omitempty"`
	Reminders *[]int  `json:"reminders,omitempty"`
	Reason    string  `json:"reason,omitempty"` // why it moves; kept with the event, sealed
	// ConcernsClient changes whether the matter's clients are reminded of it.
	ConcernsClient *bool `json:"concerns_client,omitempty"`
}

// apiPatchDeadline is PATCH /api/v1/deadlines/{id}. A date the calendar
// lacks ("2026-02-30") is a 400 and nothing is written.
func (s *Handlers) apiPatchDeadline(w http.ResponseWriter, r *http.Request) {
	var req patchDeadlineRequest
	if err := web.DecodeJSON(r, &req); err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	d, version, err := s.apiDeadlineAt(r, req.Version)
	cmd := workcmd.MoveDeadline{Actor: s.Actor(r), DeadlineID: d.ID, ExpectedVersion: version,
		Date: d.Date.String(), Time: string(d.Time), Reminders: reminderDays(d), Reason: req.Reason,
		ConcernsClient: req.ConcernsClient}
	if req.Date != nil {
		cmd.Date = *req.Date
	}
	if req.Time != nil {
		cmd.Time = *req.Time
	}
	if req.Reminders != nil {
		cmd.Reminders = *req.Reminders
	}
	if err == nil {
		err = calendarDate("date", cmd.Date)
	}
	var res workcmd.WorkResult
	if err == nil {
		res, err = s.deps.Work.Deadlines.HandleMove(r.Context(), cmd)
	}
	s.answerDeadline(w, r, res, err)
}

// apiCancelDeadline is POST /api/v1/deadlines/{id}/cancel, from the
// version in If-Match or the optional body.
func (s *Handlers) apiCancelDeadline(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Version *uint64 `json:"version,omitempty"`
		Reason  string  `json:"reason,omitempty"`
	}
	if r.ContentLength != 0 {
		if err := web.DecodeJSON(r, &req); err != nil {
			s.WriteProblem(w, r, err)
			return
		}
	}
	d, version, err := s.apiDeadlineAt(r, req.Version)
	var res workcmd.WorkResult
	if err == nil {
		res, err = s.deps.Work.Deadlines.HandleCancel(r.Context(), workcmd.CloseDeadline{
			Actor: s.Actor(r), DeadlineID: d.ID, ExpectedVersion: version, Reason: req.Reason})
	}
	s.answerDeadline(w, r, res, err)
}

// apiDeadlineAt reads the deadline the path names, if the caller may see
// its matter, and the version the change starts from.
func (s *Handlers) apiDeadlineAt(r *http.Request, field *uint64) (work.Deadline, uint64, error) {
	d, err := s.visibleDeadline(r, chi.URLParam(r, "id"))
	if err == nil {
		err = s.refuseArchived(r, d.MatterID)
	}
	if err != nil {
		return d, 0, err
	}
	version, err := web.ExpectedVersion(r.Header.Get("If-Match"), field)
	return d, version, err
}

func (s *Handlers) answerDeadline(w http.ResponseWriter, r *http.Request, res workcmd.WorkResult, err error) {
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	s.Await(r.Context(), workProjector, res.Position)
	w.Header().Set("ETag", web.VersionETag(res.Version))
	d, err := s.deps.WorkReads.GetDeadline(r.Context(), res.ID)
	if err != nil || d.Version < res.Version {
		d = work.Deadline{ID: res.ID, Version: res.Version}
	}
	web.WriteJSON(w, http.StatusOK, deadlineOut(d))
}

// reminderDays are the deadline's reminders as days before.
func reminderDays(d work.Deadline) []int {
	days := make([]int, len(d.Reminders))
	for i, r := range d.Reminders {
		days[i] = r.DaysBefore
	}
	return days
}
