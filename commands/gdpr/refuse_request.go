package gdpr

import (
	"context"
	"time"

	"github.com/klient-crm/klient/commands/journal"
	"github.com/klient-crm/klient/domain"
	domaingdpr "github.com/klient-crm/klient/domain/gdpr"
)

// RefuseRequest records that the firm does not act on the request, and
// why (art. 12.4): the subject is told the ground and their right to
// complain to Integritetsskyddsmyndigheten (IMY).
type RefuseRequest struct {
	Actor           journal.Actor
	RequestID       string
	ExpectedVersion uint64
	Ground          string // required; sealed
}

// RefuseRequestHandler handles RefuseRequest.
type RefuseRequestHandler struct{ requests *Requests }

// NewRefuseRequestHandler returns the handler.
func NewRefuseRequestHandler(requests *Requests) (*RefuseRequestHandler, error) {
	if err := requireRequests("NewRefuseRequestHandler", requests); err != nil {
		return nil, err
	}
	return &RefuseRequestHandler{requests: requests}, nil
}

// Handle refuses the request; a refused request stays as it is.
func (h *RefuseRequestHandler) Handle(ctx context.Context, cmd RefuseRequest) (RequestResult, error) {
	return h.requests.change(ctx, cmd.Actor, cmd.RequestID, cmd.ExpectedVersion, func(r *domaingdpr.Request, now time.Time) ([]domain.Event, error) {
		return r.Refuse(cmd.Ground, now)
	})
}
