package work

import (
	"context"
	"time"

	"github.com/klient-crm/klient/commands/journal"
	"github.com/klient-crm/klient/domain"
	domainwork "github.com/klient-crm/klient/domain/work"
)

// ReassignTask gives an open task to another staff member or team.
type ReassignTask struct {
	Actor           journal.Actor
	TaskID          string
	ExpectedVersion uint64
	Assignee        domainwork.Assignee
}

// TaskUpdateHandler handles ReassignTask, RescheduleTask and
// ChangeTaskDetails, each in its own file. Each writes nothing when the
// task already is as asked.
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
	if err := cmd.Actor.Check(); err != nil {
		return WorkResult{}, err
	}
	assignee, err := h.work.checkAssignee(ctx, "assignee", cmd.Assignee)
	if err != nil {
		return WorkResult{}, err
	}
	return h.work.changeTask(ctx, cmd.Actor, cmd.TaskID, cmd.ExpectedVersion, func(t *domainwork.Task, _ time.Time) ([]domain.Event, error) {
		return t.Reassign(assignee)
	})
}
