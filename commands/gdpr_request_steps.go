package commands

import (
	"context"
	"time"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/gdpr"
	"github.com/klient-crm/klient/domain/work"
)

// VerifyRequestIdentity records that the requester is the subject
// (art. 12.6); the actor is recorded as the one who checked.
type VerifyRequestIdentity struct {
	Actor           Actor
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
	return h.requests.change(ctx, cmd.Actor, cmd.RequestID, cmd.ExpectedVersion, func(r *gdpr.Request, _ time.Time) ([]domain.Event, error) {
		return r.VerifyIdentity(cmd.How, cmd.Actor.ID)
	})
}

// ExtendRequestDeadline moves the deadline, once, by at most two further
// months, before the first month is out (art. 12.3).
type ExtendRequestDeadline struct {
	Actor           Actor
	RequestID       string
	ExpectedVersion uint64
	NewDeadline     work.Date // the new last day, Stockholm
	Reason          string    // what the subject is told; required; sealed
}

// ExtendRequestDeadlineHandler handles ExtendRequestDeadline.
type ExtendRequestDeadlineHandler struct{ requests *Requests }

// NewExtendRequestDeadlineHandler returns the handler.
func NewExtendRequestDeadlineHandler(requests *Requests) (*ExtendRequestDeadlineHandler, error) {
	if err := requireRequests("NewExtendRequestDeadlineHandler", requests); err != nil {
		return nil, err
	}
	return &ExtendRequestDeadlineHandler{requests: requests}, nil
}

// Handle extends the deadline; a second extension is refused with
// "gdpr.request.already_extended" and writes nothing.
func (h *ExtendRequestDeadlineHandler) Handle(ctx context.Context, cmd ExtendRequestDeadline) (RequestResult, error) {
	return h.requests.change(ctx, cmd.Actor, cmd.RequestID, cmd.ExpectedVersion, func(r *gdpr.Request, now time.Time) ([]domain.Event, error) {
		return r.Extend(cmd.NewDeadline, cmd.Reason, now)
	})
}

// AssignRequest names the staff member who answers the request.
type AssignRequest struct {
	Actor           Actor
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
	handler := canonicalID(cmd.Handler)
	return h.requests.change(ctx, cmd.Actor, cmd.RequestID, cmd.ExpectedVersion, func(r *gdpr.Request, _ time.Time) ([]domain.Event, error) {
		return r.Assign(handler)
	})
}
