package work

import (
	"context"
	"time"

	"github.com/klient-crm/klient/commands/journal"
	"github.com/klient-crm/klient/domain"
	domainwork "github.com/klient-crm/klient/domain/work"
)

// ChangeTaskDetails replaces an open task's title, description and
// priority.
type ChangeTaskDetails struct {
	Actor           journal.Actor
	TaskID          string
	ExpectedVersion uint64
	Title           string
	Description     string
	Priority        string
}

// HandleDetails replaces the text and priority.
func (h *TaskUpdateHandler) HandleDetails(ctx context.Context, cmd ChangeTaskDetails) (WorkResult, error) {
	return h.work.changeTask(ctx, cmd.Actor, cmd.TaskID, cmd.ExpectedVersion, func(t *domainwork.Task, _ time.Time) ([]domain.Event, error) {
		return t.ChangeDetails(cmd.Title, cmd.Description, cmd.Priority)
	})
}
