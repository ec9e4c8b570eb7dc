package work

import (
	"context"
	"time"

	"github.com/klient-crm/klient/commands/journal"
	"github.com/klient-crm/klient/domain"
	domainwork "github.com/klient-crm/klient/domain/work"
)

// ChangeTaskStatus moves a task through its life: start, complete, reopen
// or cancel, by the handler method called.
type ChangeTaskStatus struct {
	Actor           journal.Actor
	TaskID          string
	ExpectedVersion uint64
}

// TaskStatusHandler handles ChangeTaskStatus. A task already where it is
// asked to go writes nothing (a double click is harmless) and the current
// WorkResult is returned.
type TaskStatusHandler struct{ work *Work }

// NewTaskStatusHandler returns the handler.
func NewTaskStatusHandler(w *Work) (*TaskStatusHandler, error) {
	if err := requireWork("NewTaskStatusHandler", w); err != nil {
		return nil, err
	}
	return &TaskStatusHandler{work: w}, nil
}

// HandleStart marks an open task in progress.
func (h *TaskStatusHandler) HandleStart(ctx context.Context, cmd ChangeTaskStatus) (WorkResult, error) {
	return h.change(ctx, cmd, (*domainwork.Task).Start)
}

// HandleComplete marks the task done.
func (h *TaskStatusHandler) HandleComplete(ctx context.Context, cmd ChangeTaskStatus) (WorkResult, error) {
	return h.change(ctx, cmd, (*domainwork.Task).Complete)
}

// HandleReopen opens a done or cancelled task again.
func (h *TaskStatusHandler) HandleReopen(ctx context.Context, cmd ChangeTaskStatus) (WorkResult, error) {
	return h.change(ctx, cmd, (*domainwork.Task).Reopen)
}

// HandleCancel cancels an open task.
func (h *TaskStatusHandler) HandleCancel(ctx context.Context, cmd ChangeTaskStatus) (WorkResult, error) {
	return h.change(ctx, cmd, (*domainwork.Task).Cancel)
}

func (h *TaskStatusHandler) change(ctx context.Context, cmd ChangeTaskStatus, decide func(*domainwork.Task) ([]domain.Event, error)) (WorkResult, error) {
	return h.work.changeTask(ctx, cmd.Actor, cmd.TaskID, cmd.ExpectedVersion, func(t *domainwork.Task, _ time.Time) ([]domain.Event, error) {
		return decide(t)
	})
}
