package gdpr

import (
	"context"
	"time"

	"github.com/klient-crm/klient/commands/journal"
	"github.com/klient-crm/klient/domain"
	domaingdpr "github.com/klient-crm/klient/domain/gdpr"
)

// CompleteRequest records that the firm acted on the request. After an
// erasure has been carried out, send no Outcome: there is no key left to
// seal it with.
type CompleteRequest struct {
	Actor           journal.Actor
	RequestID       string
	ExpectedVersion uint64
	Outcome         string // what was done; optional; sealed
}

// CompleteRequestHandler handles CompleteRequest.
type CompleteRequestHandler struct{ requests *Requests }

// NewCompleteRequestHandler returns the handler.
func NewCompleteRequestHandler(requests *Requests) (*CompleteRequestHandler, error) {
	if err := requireRequests("NewCompleteRequestHandler", requests); err != nil {
		return nil, err
	}
	return &CompleteRequestHandler{requests: requests}, nil
}

// Handle completes the request; it needs a verified identity (but for an
// objection), and a completed request stays as it is.
func (h *CompleteRequestHandler) Handle(ctx context.Context, cmd CompleteRequest) (RequestResult, error) {
	return h.requests.change(ctx, cmd.Actor, cmd.RequestID, cmd.ExpectedVersion, func(r *domaingdpr.Request, now time.Time) ([]domain.Event, error) {
		return r.Complete(cmd.Outcome, now)
	})
}
