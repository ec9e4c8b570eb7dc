package commands

import (
	"context"
	"time"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/communication"
)

// FlagFollowUp asks someone at the firm to follow an entry up by a date.
type FlagFollowUp struct {
	Actor           Actor
	CommunicationID string
	ExpectedVersion uint64
	FollowUp        communication.FollowUp // an empty AssignedTo means the actor
}

// ClearFollowUp marks an entry's follow-up as done.
type ClearFollowUp struct {
	Actor           Actor
	CommunicationID string
	ExpectedVersion uint64
}

// FollowUpHandler handles FlagFollowUp and ClearFollowUp.
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
		func(e *communication.Entry, now time.Time) ([]domain.Event, error) {
			return e.FlagFollowUp(*f, now)
		})
}

// HandleClear clears the follow-up; an entry without one stays as it is.
func (h *FollowUpHandler) HandleClear(ctx context.Context, cmd ClearFollowUp) (CommunicationResult, error) {
	return h.log.change(ctx, cmd.Actor, cmd.CommunicationID, cmd.ExpectedVersion,
		func(e *communication.Entry, _ time.Time) ([]domain.Event, error) {
			return e.ClearFollowUp()
		})
}
