package gdpr

import (
	"context"
	"time"

	"github.com/klient-crm/klient/commands/journal"
	"github.com/klient-crm/klient/domain"
	domaingdpr "github.com/klient-crm/klient/domain/gdpr"
)

// AssignRequest names the staff member who answers the request.
type AssignRequest struct {
	Actor           journal.Actor
	RequestID       string
	ExpectedVersion uint64
	Handler         string // staff ID
}

// AssignRequestHandler handles AssignRequest.
type AssignRequestHandler struct{ requests *Requests }

// NewAssignRequestHandler returns the handler.
func NewAssignRequestHandler(requests *Requests) (*AssignRequestHandler, error) {
	if err := requireRequests("NewAssignRequestHandler", requests); err != nil {
		return nil, err
	}
	return &AssignRequestHandler{requests: requests}, nil
}

// Handle assigns the request; the same handler again changes nothing.
func (h *AssignRequestHandler) Handle(ctx context.Context, cmd AssignRequest) (RequestResult, error) {
	handler := journal.CanonicalID(cmd.Handler)
	return h.requests.change(ctx, cmd.Actor, cmd.RequestID, cmd.ExpectedVersion, func(r *domaingdpr.Request, _ time.Time) ([]domain.Event, error) {
		return r.Assign(handler)
	})
}
