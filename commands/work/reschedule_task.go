package work

import (
	"context"
	"time"

	"github.com/klient-crm/klient/commands/journal"
	"github.com/klient-crm/klient/domain"
	domainwork "github.com/klient-crm/klient/domain/work"
)

// RescheduleTask moves an open task's due date.
type RescheduleTask struct {
	Actor           journal.Actor
	TaskID          string
	ExpectedVersion uint64
	Due             string // "YYYY-MM-DD"
}

// HandleReschedule moves the due date.
func (h *TaskUpdateHandler) HandleReschedule(ctx context.Context, cmd RescheduleTask) (WorkResult, error) {
	return h.work.changeTask(ctx, cmd.Actor, cmd.TaskID, cmd.ExpectedVersion, func(t *domainwork.Task, _ time.Time) ([]domain.Event, error) {
		return t.Reschedule(cmd.Due)
	})
}
