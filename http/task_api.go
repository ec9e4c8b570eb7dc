package http

import (
	"net/http"
	"strings"

	"github.com/go-chi/chi/v5"

	workcmd "github.com/klient-crm/klient/commands/work"
	"github.com/klient-crm/klient/domain"
	workdomain "github.com/klient-crm/klient/domain/work"
	"github.com/klient-crm/klient/http/web"
	"github.com/klient-crm/klient/projections/work"
)

// patchTaskRequest reassigns and reschedules a task: fields left out
// keep their value. The version comes in If-Match or the version field.
type patchTaskRequest struct {
	Version  *uint64              `json:"version,omitempty"`
	Assignee *workdomain.Assignee `json:"assignee,omitempty"`
	Due      *string              `json:"due,omitempty"`
}

// apiPatchTask is PATCH /api/v1/tasks/{id}. Everything the edge can
// check (the version, the date) is checked before the first write; an
// unknown assignee is refused before anything is written.
func (s *server) apiPatchTask(w http.ResponseWriter, r *http.Request) {
	var req patchTaskRequest
	if err := web.DecodeJSON(r, &req); err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	t, version, err := s.apiTaskAt(r, req.Version)
	if err == nil && req.Due != nil {
		err = dueDate(*req.Due)
	}
	res := workcmd.WorkResult{ID: t.ID, Version: version}
	actor := web.ActorOf(r.Context())
	if err == nil && req.Assignee != nil {
		res, err = s.deps.Casework.Work.TaskUpdate.HandleReassign(r.Context(), workcmd.ReassignTask{Actor: actor,
			TaskID: t.ID, ExpectedVersion: res.Version, Assignee: *req.Assignee})
	}
	if err == nil && req.Due != nil {
		res, err = s.deps.Casework.Work.TaskUpdate.HandleReschedule(r.Context(), workcmd.RescheduleTask{Actor: actor,
			TaskID: t.ID, ExpectedVersion: res.Version, Due: *req.Due})
	}
	s.answerTask(w, r, res, err)
}

// apiCancelTask is POST /api/v1/tasks/{id}/cancel.
func (s *server) apiCancelTask(w http.ResponseWriter, r *http.Request) {
	s.apiTaskStatus(w, r, TaskStatus.HandleCancel)
}

// apiTaskStatus runs one status change from the version in If-Match or
// the optional body.
func (s *server) apiTaskStatus(w http.ResponseWriter, r *http.Request, step taskStatusStep) {
	var req struct {
		Version *uint64 `json:"version,omitempty"`
	}
	if r.ContentLength != 0 {
		if err := web.DecodeJSON(r, &req); err != nil {
			s.WriteProblem(w, r, err)
			return
		}
	}
	t, version, err := s.apiTaskAt(r, req.Version)
	var res workcmd.WorkResult
	if err == nil {
		res, err = step(s.deps.Casework.Work.TaskStatus, r.Context(), workcmd.ChangeTaskStatus{
			Actor: web.ActorOf(r.Context()), TaskID: t.ID, ExpectedVersion: version})
	}
	s.answerTask(w, r, res, err)
}

// apiTaskAt reads the task the path names, if the caller may see it, and
// the version the change starts from.
func (s *server) apiTaskAt(r *http.Request, field *uint64) (work.Task, uint64, error) {
	t, err := s.deps.Casework.WorkReads.GetTask(r.Context(), chi.URLParam(r, "id"))
	if err == nil {
		err = s.requireTask(r, t)
	}
	if err == nil {
		err = s.refuseArchived(r, t.MatterID)
	}
	if err != nil {
		return t, 0, err
	}
	version, err := web.ExpectedVersion(r.Header.Get("If-Match"), field)
	return t, version, err
}

func (s *server) answerTask(w http.ResponseWriter, r *http.Request, res workcmd.WorkResult, err error) {
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	s.Await(r.Context(), workProjector, res.Position)
	s.writeTask(w, r, http.StatusOK, res)
}

// dueDate checks a new due date before the first of the PATCH's two
// writes, so a bad one leaves the assignee unchanged too.
func dueDate(v string) error {
	if strings.TrimSpace(v) == "" {
		return domain.Invalid("due", "choose a date").WithCode("work.date.required")
	}
	return calendarDate("due", v)
}

// calendarDate refuses, as a malformed request (400), a date the calendar
// lacks ("2026-02-30"): no command is asked, so nothing is written.
func calendarDate(field, v string) error {
	if strings.TrimSpace(v) == "" {
		return nil // the domain says a date is required
	}
	if _, err := workdomain.ParseDate(field, strings.TrimSpace(v)); err != nil {
		return web.BadRequest(web.ErrMalformed, field, "work.date.invalid", "this is not a date in the calendar (YYYY-MM-DD)")
	}
	return nil
}
