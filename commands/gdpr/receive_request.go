package gdpr

import (
	"context"
	"time"

	"github.com/klient-crm/klient/commands/journal"
	"github.com/klient-crm/klient/domain"
	domaingdpr "github.com/klient-crm/klient/domain/gdpr"
)

// ReceiveRequest registers a data-subject request (art. 12): the answer
// is due one calendar month after receipt.
type ReceiveRequest struct {
	Actor         journal.Actor
	RequestID     string // optional UUID, for safe resending
	SubjectID     string // the contact who made it
	Kind          domaingdpr.RequestKind
	ReceivedAt    time.Time // when it reached the firm; zero: now
	Channel       domaingdpr.Channel
	RequesterNote string // what they asked, in their words; sealed
}

// ReceiveRequestHandler handles ReceiveRequest.
type ReceiveRequestHandler struct{ requests *Requests }

// NewReceiveRequestHandler returns the handler.
func NewReceiveRequestHandler(requests *Requests) (*ReceiveRequestHandler, error) {
	if err := requireRequests("NewReceiveRequestHandler", requests); err != nil {
		return nil, err
	}
	return &ReceiveRequestHandler{requests: requests}, nil
}

// Handle registers the request. The subject must be a live contact: a
// requester not yet known is registered as a contact first. Sent again
// with the same RequestID and terms, it writes nothing.
func (h *ReceiveRequestHandler) Handle(ctx context.Context, cmd ReceiveRequest) (RequestResult, error) {
	if err := cmd.Actor.Check(); err != nil {
		return RequestResult{}, err
	}
	id, err := journal.NewID(cmd.RequestID, domain.Invalid("request_id", "a request ID is a UUID").WithCode("gdpr.request.id"))
	if err != nil {
		return RequestResult{}, err
	}
	subject, err := existingSubjectID(cmd.SubjectID)
	if err != nil {
		return RequestResult{}, err
	}
	if err := checkSubjectContact(ctx, &h.requests.journal, subject); err != nil {
		return RequestResult{}, err
	}
	e := domaingdpr.DataSubjectRequestReceived{RequestID: id, SubjectID: subject, Kind: cmd.Kind,
		ReceivedAt: cmd.ReceivedAt, Channel: cmd.Channel, RequesterNote: cmd.RequesterNote}
	p, err := journal.RegisterOn(ctx, &h.requests.journal, cmd.Actor, requestStream(id), h.requests.loader(id),
		func(r *domaingdpr.Request, now time.Time) ([]domain.Event, error) {
			if e.ReceivedAt.IsZero() {
				e.ReceivedAt = now
			}
			return r.Receive(e, now)
		})
	return requestResult(id, p, err)
}
