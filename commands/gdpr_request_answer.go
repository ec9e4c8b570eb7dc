package commands

import (
	"context"
	"time"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/gdpr"
)

// CompleteRequest records that the firm acted on the request. After an
// erasure has been carried out, send no Outcome: there is no key left to
// seal it with.
type CompleteRequest struct {
	Actor           Actor
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
	return h.requests.change(ctx, cmd.Actor, cmd.RequestID, cmd.ExpectedVersion, func(r *gdpr.Request, now time.Time) ([]domain.Event, error) {
		return r.Complete(cmd.Outcome, now)
	})
}

// RefuseRequest records that the firm does not act on the request, and
// why (art. 12.4): the subject is told the ground and their right to
// complain to Integritetsskyddsmyndigheten (IMY).
type RefuseRequest struct {
	Actor           Actor
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
	return h.requests.change(ctx, cmd.Actor, cmd.RequestID, cmd.ExpectedVersion, func(r *gdpr.Request, now time.Time) ([]domain.Event, error) {
		return r.Refuse(cmd.Ground, now)
	})
}
