package communication

import (
	"context"
	"time"

	"github.com/klient-crm/klient/commands/journal"
	"github.com/klient-crm/klient/domain"
	domaincommunication "github.com/klient-crm/klient/domain/communication"
)

// ClearFollowUp marks an entry's follow-up as done.
type ClearFollowUp struct {
	Actor           journal.Actor
	CommunicationID string
	ExpectedVersion uint64
}

// HandleClear clears the follow-up; an entry without one stays as it is.
func (h *FollowUpHandler) HandleClear(ctx context.Context, cmd ClearFollowUp) (CommunicationResult, error) {
	return h.log.change(ctx, cmd.Actor, cmd.CommunicationID, cmd.ExpectedVersion,
		func(e *domaincommunication.Entry, _ time.Time) ([]domain.Event, error) {
			return e.ClearFollowUp()
		})
}
