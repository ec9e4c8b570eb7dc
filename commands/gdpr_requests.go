package commands

import (
	"context"
	"errors"
	"time"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/gdpr"
	"github.com/klient-crm/klient/eventstore"
)

// Requests is the repository of data-subject requests (the gdpr.Request
// aggregate on stream "dsr-<requestID>") that the request handlers share.
type Requests struct{ journal }

// NewRequests returns the repository. The codec must have gdpr.Events()
// and contact.Events() registered; clock is the only source of "now".
func NewRequests(store EventStore, codec EventCodec, clock func() time.Time) (*Requests, error) {
	j, err := newJournal("NewRequests", store, codec, clock)
	if err != nil {
		return nil, err
	}
	return &Requests{journal: j}, nil
}

// RequestResult tells the caller where a command left the request.
type RequestResult struct {
	RequestID string              // canonical UUID, chosen by the handler when a receipt named none
	Version   uint64              // send it back as ExpectedVersion with the next change
	Position  eventstore.Position // wait for the gdpr projection to pass it (read-your-writes)
}

// requireRequests is the nil check every request handler constructor shares.
func requireRequests(handler string, requests *Requests) error {
	if requests == nil {
		return errors.New("commands." + handler + ": requests repository is required")
	}
	return nil
}

func requestStream(id string) stream {
	return stream{name: gdpr.RequestStreamName(id), staleCode: "gdpr.request.changed_meanwhile"}
}

// loader rebuilds request id for the shared command flows. A sealed field
// of an erased subject reads blank; a decision that would seal for them
// is refused by the codec (kind erased).
func (r *Requests) loader(id string) loader[*gdpr.Request] {
	return func(ctx context.Context) (*gdpr.Request, span, error) {
		req := new(gdpr.Request)
		sp, err := r.replay(ctx, gdpr.RequestStreamName(id), "", func(ev domain.Event, _ bool) { req.Apply(ev) })
		return req, sp, err
	}
}

// change runs a decision on the existing request rawID that the caller
// last saw at version expected (see changeOn).
func (r *Requests) change(ctx context.Context, actor Actor, rawID string, expected uint64, decide decision[*gdpr.Request]) (RequestResult, error) {
	if err := actor.check(); err != nil {
		return RequestResult{}, err
	}
	id, err := existingRequestID(rawID)
	if err != nil {
		return RequestResult{}, err
	}
	p, err := changeOn(ctx, &r.journal, actor, requestStream(id), expected, r.loader(id), decide)
	return requestResult(id, p, err)
}

func existingRequestID(raw string) (string, error) {
	return existingID(raw, domain.NotFound("there is no such request").WithCode("gdpr.request.not_found"))
}

func requestResult(id string, p placed, err error) (RequestResult, error) {
	if err != nil {
		return RequestResult{}, err
	}
	return RequestResult{RequestID: id, Version: p.version, Position: p.position}, nil
}
