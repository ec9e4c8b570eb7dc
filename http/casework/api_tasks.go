package casework

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

// taskRequest creates a task, for a staff member or a team.
type taskRequest struct {
	ID          string              `json:"id,omitempty"`
	Title       string              `json:"title"`
	Description string              `json:"description,omitempty"`
	Assignee    workdomain.Assignee `json:"assignee"`
	Due         string              `json:"due"`
	Priority    string              `json:"priority,omitempty"`
	MatterID    string              `json:"matter_id,omitempty"`
	ContactID   string              `json:"contact_id,omitempty"`
}

// apiListTasks is GET /api/v1/tasks: the caller's open tasks and their
// teams', without those of matters they may not see, soonest due first,
// a page at a time (web.PageOf).
func (s *Handlers) apiListTasks(w http.ResponseWriter, r *http.Request) {
	p, _ := web.PrincipalOf(r.Context())
	f := work.TaskFilter{Viewer: p.Viewer()}
	page, err := web.PageOf(r.URL.Query(), "tasks")
	if err == nil {
		f.Limit = page.ReadLimit()
		f.After, err = web.After[work.TaskKey](page)
	}
	if err == nil {
		f.Walls, err = s.WalledTargets(r)
	}
	var tasks []work.Task
	if err == nil {
		tasks, err = s.deps.WorkReads.Tasks(r.Context(), f)
	}
	tasks, next := web.Cut(page, tasks, func(t work.Task) web.CursorKey { return t.Key() })
	var views []taskView
	if err == nil {
		views, err = s.taskViews(r, tasks, nil) // the query applied the same rule: nothing more drops out
	}
	items := make([]TaskJSON, len(views))
	for i, v := range views {
		items[i] = taskOut(v.Task)
	}
	if err == nil {
		err = s.RecordView(r, taskSubjects(views, nil))
	}
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	web.WriteJSON(w, http.StatusOK, web.PageJSON(items, next))
}

// apiCreateTask is POST /api/v1/tasks. An unknown assignee is refused and
// nothing written; a matter the caller may not see is not found.
func (s *Handlers) apiCreateTask(w http.ResponseWriter, r *http.Request) {
	var req taskRequest
	if err := web.DecodeJSON(r, &req); err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	err := s.requireLinks(r, req.MatterID) // a walled contact: the command answers as for an unknown one
	var res workcmd.WorkResult
	if err == nil {
		res, err = s.deps.Work.CreateTask.Handle(r.Context(), workcmd.CreateTask{Actor: s.Actor(r),
			TaskID: req.ID, Title: req.Title, Description: req.Description, Assignee: req.Assignee, Due: req.Due,
			Priority: req.Priority, MatterID: req.MatterID, ContactID: req.ContactID})
	}
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	s.Await(r.Context(), workProjector, res.Position)
	s.writeTask(w, r, http.StatusCreated, res)
}

// apiCompleteTask is POST /api/v1/tasks/{id}/complete, from the version
// in If-Match or the body.
func (s *Handlers) apiCompleteTask(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Version *uint64 `json:"version,omitempty"`
	}
	if r.ContentLength != 0 {
		if err := web.DecodeJSON(r, &req); err != nil {
			s.WriteProblem(w, r, err)
			return
		}
	}
	t, err := s.deps.WorkReads.GetTask(r.Context(), chi.URLParam(r, "id"))
	if err == nil {
		err = s.requireTask(r, t)
	}
	var version uint64
	if err == nil {
		version, err = web.ExpectedVersion(r.Header.Get("If-Match"), req.Version)
	}
	var res workcmd.WorkResult
	if err == nil {
		res, err = s.deps.Work.TaskStatus.HandleComplete(r.Context(), workcmd.ChangeTaskStatus{
			Actor: s.Actor(r), TaskID: t.ID, ExpectedVersion: version})
	}
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	s.Await(r.Context(), workProjector, res.Position)
	s.writeTask(w, r, http.StatusOK, res)
}

func (s *Handlers) writeTask(w http.ResponseWriter, r *http.Request, status int, res workcmd.WorkResult) {
	w.Header().Set("ETag", web.VersionETag(res.Version))
	t, err := s.deps.WorkReads.GetTask(r.Context(), res.ID)
	if err != nil || t.Version < res.Version {
		web.WriteJSON(w, status, TaskJSON{ID: res.ID, Version: res.Version})
		return
	}
	web.WriteJSON(w, status, taskOut(t))
}

// requireLinks refuses, as not found, a matter the caller may not see. A
// contact the caller is walled from is the command's to refuse: it answers
// as for a contact that does not exist (web.Kit.Actor).
func (s *Handlers) requireLinks(r *http.Request, matterID string) error {
	if matterID == "" {
		return nil
	}
	if ok, err := s.CanSeeMatter(r, matterID); err != nil || !ok {
		return web.FirstErr(err, web.ErrNoSuchMatter)
	}
	return nil
}

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
func (s *Handlers) apiPatchTask(w http.ResponseWriter, r *http.Request) {
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
	actor := s.Actor(r)
	if err == nil && req.Assignee != nil {
		res, err = s.deps.Work.TaskUpdate.HandleReassign(r.Context(), workcmd.ReassignTask{Actor: actor,
			TaskID: t.ID, ExpectedVersion: res.Version, Assignee: *req.Assignee})
	}
	if err == nil && req.Due != nil {
		res, err = s.deps.Work.TaskUpdate.HandleReschedule(r.Context(), workcmd.RescheduleTask{Actor: actor,
			TaskID: t.ID, ExpectedVersion: res.Version, Due: *req.Due})
	}
	s.answerTask(w, r, res, err)
}

// apiCancelTask is POST /api/v1/tasks/{id}/cancel.
func (s *Handlers) apiCancelTask(w http.ResponseWriter, r *http.Request) {
	s.apiTaskStatus(w, r, TaskStatus.HandleCancel)
}

// apiTaskStatus runs one status change from the version in If-Match or
// the optional body.
func (s *Handlers) apiTaskStatus(w http.ResponseWriter, r *http.Request, step taskStatusStep) {
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
		res, err = step(s.deps.Work.TaskStatus, r.Context(), workcmd.ChangeTaskStatus{
			Actor: s.Actor(r), TaskID: t.ID, ExpectedVersion: version})
	}
	s.answerTask(w, r, res, err)
}

// apiTaskAt reads the task the path names, if the caller may see it, and
// the version the change starts from.
func (s *Handlers) apiTaskAt(r *http.Request, field *uint64) (work.Task, uint64, error) {
	t, err := s.deps.WorkReads.GetTask(r.Context(), chi.URLParam(r, "id"))
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

func (s *Handlers) answerTask(w http.ResponseWriter, r *http.Request, res workcmd.WorkResult, err error) {
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
