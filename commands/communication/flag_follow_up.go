package communication

import (
	"context"
	"time"

	"github.com/klient-crm/klient/commands/journal"
	"github.com/klient-crm/klient/domain"
	domaincommunication "github.com/klient-crm/klient/domain/communication"
)

// FlagFollowUp asks someone at the firm to follow an entry up by a date.
type FlagFollowUp struct {
	Actor           journal.Actor
	CommunicationID string
	ExpectedVersion uint64
	FollowUp        domaincommunication.FollowUp // an empty AssignedTo means the actor
}

// FollowUpHandler handles FlagFollowUp and ClearFollowUp
// (clear_follow_up.go).
type FollowUpHandler struct{ log *Communications }

// NewFollowUpHandler returns the handler.
func NewFollowUpHandler(log *Communications) (*FollowUpHandler, error) {
	if err := requireCommunications("NewFollowUpHandler", log); err != nil {
		return nil, err
	}
	return &FollowUpHandler{log: log}, nil
}

// HandleFlag flags the follow-up, replacing an open one.
func (h *FollowUpHandler) HandleFlag(ctx context.Context, cmd FlagFollowUp) (CommunicationResult, error) {
	f := assigned(&cmd.FollowUp, cmd.Actor)
	return h.log.change(ctx, cmd.Actor, cmd.CommunicationID, cmd.ExpectedVersion,
		func(e *domaincommunication.Entry, now time.Time) ([]domain.Event, error) {
			return e.FlagFollowUp(*f, now)
		})
}
