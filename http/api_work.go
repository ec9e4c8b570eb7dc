package http

import (
	"net/http"

	"github.com/go-chi/chi/v5"

	workcmd "github.com/klient-crm/klient/commands/work"
	workdomain "github.com/klient-crm/klient/domain/work"
	"github.com/klient-crm/klient/http/web"
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
// teams', without those of matters they may not see.
func (s *server) apiListTasks(w http.ResponseWriter, r *http.Request) {
	p, _ := web.PrincipalOf(r.Context())
	tasks, err := s.deps.Casework.WorkReads.MyTasks(r.Context(), p.StaffID, p.Teams, 0)
	var views []taskView
	if err == nil {
		views, err = s.taskViews(r, tasks, nil)
	}
	items := make([]taskJSON, len(views))
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
	web.WriteJSON(w, http.StatusOK, map[string]any{"items": items})
}

// apiCreateTask is POST /api/v1/tasks. An unknown assignee is refused and
// nothing written; a matter the caller may not see is not found.
func (s *server) apiCreateTask(w http.ResponseWriter, r *http.Request) {
	var req taskRequest
	if err := web.DecodeJSON(r, &req); err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	err := s.requireLinks(r, req.MatterID, req.ContactID)
	var res workcmd.WorkResult
	if err == nil {
		res, err = s.deps.Casework.Work.CreateTask.Handle(r.Context(), workcmd.CreateTask{Actor: web.ActorOf(r.Context()),
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
func (s *server) apiCompleteTask(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Version *uint64 `json:"version,omitempty"`
	}
	if r.ContentLength != 0 {
		if err := web.DecodeJSON(r, &req); err != nil {
			s.WriteProblem(w, r, err)
			return
		}
	}
	t, err := s.deps.Casework.WorkReads.GetTask(r.Context(), chi.URLParam(r, "id"))
	if err == nil {
		err = s.requireTask(r, t)
	}
	var version uint64
	if err == nil {
		version, err = web.ExpectedVersion(r.Header.Get("If-Match"), req.Version)
	}
	var res workcmd.WorkResult
	if err == nil {
		res, err = s.deps.Casework.Work.TaskStatus.HandleComplete(r.Context(), workcmd.ChangeTaskStatus{
			Actor: web.ActorOf(r.Context()), TaskID: t.ID, ExpectedVersion: version})
	}
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	s.Await(r.Context(), workProjector, res.Position)
	s.writeTask(w, r, http.StatusOK, res)
}

func (s *server) writeTask(w http.ResponseWriter, r *http.Request, status int, res workcmd.WorkResult) {
	w.Header().Set("ETag", web.VersionETag(res.Version))
	t, err := s.deps.Casework.WorkReads.GetTask(r.Context(), res.ID)
	if err != nil || t.Version < res.Version {
		web.WriteJSON(w, status, taskJSON{ID: res.ID, Version: res.Version})
		return
	}
	web.WriteJSON(w, status, taskOut(t))
}

// requireLinks refuses, as not found, a matter the caller may not see or
// a contact they are walled from.
func (s *server) requireLinks(r *http.Request, matterID string, contactIDs ...string) error {
	if matterID != "" {
		if ok, err := s.CanSeeMatter(r, matterID); err != nil || !ok {
			return web.FirstErr(err, web.ErrNoSuchMatter)
		}
	}
	h, err := s.Hidden(r)
	for _, c := range contactIDs {
		if h.Has(c) {
			return web.ErrNoSuchContact
		}
	}
	return err
}
