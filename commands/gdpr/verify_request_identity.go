package gdpr

import (
	"context"
	"time"

	"github.com/klient-crm/klient/commands/journal"
	"github.com/klient-crm/klient/domain"
	domaingdpr "github.com/klient-crm/klient/domain/gdpr"
)

// VerifyRequestIdentity records that the requester is the subject
// (art. 12.6); the actor is recorded as the one who checked.
type VerifyRequestIdentity struct {
	Actor           journal.Actor
	RequestID       string
	ExpectedVersion uint64
	How             string // one line, e.g. "BankID"; sealed
}

// VerifyRequestIdentityHandler handles VerifyRequestIdentity.
type VerifyRequestIdentityHandler struct{ requests *Requests }

// NewVerifyRequestIdentityHandler returns the handler.
func NewVerifyRequestIdentityHandler(requests *Requests) (*VerifyRequestIdentityHandler, error) {
	if err := requireRequests("NewVerifyRequestIdentityHandler", requests); err != nil {
		return nil, err
	}
	return &VerifyRequestIdentityHandler{requests: requests}, nil
}

// Handle records the check; a verified request stays as it is.
func (h *VerifyRequestIdentityHandler) Handle(ctx context.Context, cmd VerifyRequestIdentity) (RequestResult, error) {
	return h.requests.change(ctx, cmd.Actor, cmd.RequestID, cmd.ExpectedVersion, func(r *domaingdpr.Request, _ time.Time) ([]domain.Event, error) {
		return r.VerifyIdentity(cmd.How, cmd.Actor.ID)
	})
}
