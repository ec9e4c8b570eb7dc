package communication

import (
	"context"
	"time"

	"github.com/klient-crm/klient/commands/journal"
	"github.com/klient-crm/klient/domain"
	domaincommunication "github.com/klient-crm/klient/domain/communication"
)

// CorrectCommunication replaces an entry's facts with a complete
// corrected set. The first version stays in the log.
type CorrectCommunication struct {
	Actor           journal.Actor
	CommunicationID string
	ExpectedVersion uint64 // the Version the caller last saw
	Details         domaincommunication.Details
}

// CorrectCommunicationHandler handles CorrectCommunication and
// DeleteCommunication (delete_communication.go): the two ways of keeping
// the log honest.
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
		func(e *domaincommunication.Entry, now time.Time) ([]domain.Event, error) {
			return e.Correct(details, now)
		})
}
