package work

import (
	"context"
	"time"

	"github.com/klient-crm/klient/commands/journal"
	"github.com/klient-crm/klient/domain"
	domainwork "github.com/klient-crm/klient/domain/work"
)

// CloseDeadline marks a pending deadline met or cancelled, by the handler
// method called.
type CloseDeadline struct {
	Actor           journal.Actor
	DeadlineID      string
	ExpectedVersion uint64
	Reason          string // why it was cancelled; optional, and only for HandleCancel
}

// HandleMeet records that the deadline was met.
func (h *DeadlineUpdateHandler) HandleMeet(ctx context.Context, cmd CloseDeadline) (WorkResult, error) {
	return h.work.changeDeadline(ctx, cmd.Actor, cmd.DeadlineID, cmd.ExpectedVersion, func(d *domainwork.Deadline, _ time.Time) ([]domain.Event, error) {
		return d.Meet()
	})
}

// HandleCancel records that the deadline no longer applies.
func (h *DeadlineUpdateHandler) HandleCancel(ctx context.Context, cmd CloseDeadline) (WorkResult, error) {
	return h.work.changeDeadline(ctx, cmd.Actor, cmd.DeadlineID, cmd.ExpectedVersion, func(d *domainwork.Deadline, _ time.Time) ([]domain.Event, error) {
		return d.Cancel(cmd.Reason)
	})
}
