package http

import (
	"net/http"

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
}

// apiListDeadlines is GET /api/v1/deadlines: a matter's (matter_id) or,
// without one, the caller's pending deadlines.
func (s *server) apiListDeadlines(w http.ResponseWriter, r *http.Request) {
	p, _ := web.PrincipalOf(r.Context())
	f := work.Filter{MatterID: r.URL.Query().Get("matter_id")}
	if f.MatterID == "" {
		f.StaffID, f.Pending = p.StaffID, true
	}
	found, err := s.deps.Casework.WorkReads.Deadlines(r.Context(), f)
	var views []deadlineView
	if err == nil {
		views, err = s.deadlineViews(r, found, nil)
	}
	items := make([]deadlineJSON, len(views))
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
	web.WriteJSON(w, http.StatusOK, map[string]any{"items": items})
}

// apiSetDeadline is POST /api/v1/deadlines. A date the calendar lacks is
// refused and nothing written.
func (s *server) apiSetDeadline(w http.ResponseWriter, r *http.Request) {
	var req deadlineRequest
	if err := web.DecodeJSON(r, &req); err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	err := s.requireLinks(r, req.MatterID)
	var res workcmd.WorkResult
	if err == nil {
		res, err = s.deps.Casework.Work.SetDeadline.Handle(r.Context(), workcmd.SetDeadline{Actor: web.ActorOf(r.Context()),
			DeadlineID: req.ID, MatterID: req.MatterID, Kind: req.Kind, Date: req.Date, Time: req.Time, Title: req.Title,
			Responsible: req.Responsible, Reminders: req.Reminders})
	}
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	s.Await(r.Context(), workProjector, res.Position)
	w.Header().Set("ETag", web.VersionETag(res.Version))
	d, err := s.deps.Casework.WorkReads.GetDeadline(r.Context(), res.ID)
	if err != nil {
		d = work.Deadline{ID: res.ID, Version: res.Version}
	}
	web.WriteJSON(w, http.StatusCreated, deadlineOut(d))
}
