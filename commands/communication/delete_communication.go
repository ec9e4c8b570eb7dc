package communication

import (
	"context"
	"time"

	"github.com/klient-crm/klient/commands/journal"
	"github.com/klient-crm/klient/domain"
	domaincommunication "github.com/klient-crm/klient/domain/communication"
)

// DeleteCommunication marks an entry as recorded in error.
type DeleteCommunication struct {
	Actor           journal.Actor
	CommunicationID string
	ExpectedVersion uint64
}

// HandleDelete deletes the entry; a deleted entry stays as it is.
func (h *CorrectCommunicationHandler) HandleDelete(ctx context.Context, cmd DeleteCommunication) (CommunicationResult, error) {
	return h.log.change(ctx, cmd.Actor, cmd.CommunicationID, cmd.ExpectedVersion,
		func(e *domaincommunication.Entry, _ time.Time) ([]domain.Event, error) {
			return e.Delete()
		})
}
