package commands

import (
	"context"
	"time"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/communication"
)

// CorrectCommunication replaces an entry's facts with a complete
// corrected set. The first version stays in the log.
type CorrectCommunication struct {
	Actor           Actor
	CommunicationID string
	ExpectedVersion uint64 // the Version the caller last saw
	Details         communication.Details
}

// DeleteCommunication marks an entry as recorded in error.
type DeleteCommunication struct {
	Actor           Actor
	CommunicationID string
	ExpectedVersion uint64
}

// CorrectCommunicationHandler handles CorrectCommunication and
// DeleteCommunication: the two ways of keeping the log honest.
type CorrectCommunicationHandler struct{ log *Communications }

// NewCorrectCommunicationHandler returns the handler.
func NewCorrectCommunicationHandler(log *Communications) (*CorrectCommunicationHandler, error) {
	if err := requireCommunications("NewCorrectCommunicationHandler", log); err != nil {
		return nil, err
	}
	return &CorrectCommunicationHandler{log: log}, nil
}

// Handle corrects the entry; facts equal to the current ones write
// nothing and return the current Result.
func (h *CorrectCommunicationHandler) Handle(ctx context.Context, cmd CorrectCommunication) (CommunicationResult, error) {
	details := canonicalParticipants(cmd.Details)
	return h.log.change(ctx, cmd.Actor, cmd.CommunicationID, cmd.ExpectedVersion,
		func(e *communication.Entry, now time.Time) ([]domain.Event, error) {
			return e.Correct(details, now)
		})
}

// HandleDelete deletes the entry; a deleted entry stays as it is.
func (h *CorrectCommunicationHandler) HandleDelete(ctx context.Context, cmd DeleteCommunication) (CommunicationResult, error) {
	return h.log.change(ctx, cmd.Actor, cmd.CommunicationID, cmd.ExpectedVersion,
		func(e *communication.Entry, _ time.Time) ([]domain.Event, error) {
			return e.Delete()
		})
}
