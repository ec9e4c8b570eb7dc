package commands

import (
	"context"
	"time"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/work"
)

// ReassignTask gives an open task to another staff member or team.
type ReassignTask struct {
	Actor           Actor
	TaskID          string
	ExpectedVersion uint64
	Assignee        work.Assignee
}

// RescheduleTask moves an open task's due date.
type RescheduleTask struct {
	Actor           Actor
	TaskID          string
	ExpectedVersion uint64
	Due             string // "YYYY-MM-DD"
}

// ChangeTaskDetails replaces an open task's title, description and
// priority.
type ChangeTaskDetails struct {
	Actor           Actor
	TaskID          string
	ExpectedVersion uint64
	Title           string
	Description     string
	Priority        string
}

// TaskUpdateHandler handles ReassignTask, RescheduleTask and
// ChangeTaskDetails. Each writes nothing when the task already is as asked.
type TaskUpdateHandler struct{ work *Work }

// NewTaskUpdateHandler returns the handler.
func NewTaskUpdateHandler(w *Work) (*TaskUpdateHandler, error) {
	if err := requireWork("NewTaskUpdateHandler", w); err != nil {
		return nil, err
	}
	return &TaskUpdateHandler{work: w}, nil
}

// HandleReassign checks the new assignee with the roster first.
func (h *TaskUpdateHandler) HandleReassign(ctx context.Context, cmd ReassignTask) (WorkResult, error) {
	if err := cmd.Actor.check(); err != nil {
		return WorkResult{}, err
	}
	assignee, err := h.work.checkAssignee(ctx, "assignee", cmd.Assignee)
	if err != nil {
		return WorkResult{}, err
	}
	return h.work.changeTask(ctx, cmd.Actor, cmd.TaskID, cmd.ExpectedVersion, func(t *work.Task, _ time.Time) ([]domain.Event, error) {
		return t.Reassign(assignee)
	})
}

// HandleReschedule moves the due date.
func (h *TaskUpdateHandler) HandleReschedule(ctx context.Context, cmd RescheduleTask) (WorkResult, error) {
	return h.work.changeTask(ctx, cmd.Actor, cmd.TaskID, cmd.ExpectedVersion, func(t *work.Task, _ time.Time) ([]domain.Event, error) {
		return t.Reschedule(cmd.Due)
	})
}

// HandleDetails replaces the text and priority.
func (h *TaskUpdateHandler) HandleDetails(ctx context.Context, cmd ChangeTaskDetails) (WorkResult, error) {
	return h.work.changeTask(ctx, cmd.Actor, cmd.TaskID, cmd.ExpectedVersion, func(t *work.Task, _ time.Time) ([]domain.Event, error) {
		return t.ChangeDetails(cmd.Title, cmd.Description, cmd.Priority)
	})
}
