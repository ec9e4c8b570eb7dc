package gdpr

import (
	"context"
	"errors"
	"time"

	"github.com/klient-crm/klient/commands/journal"
	"github.com/klient-crm/klient/domain"
	domaingdpr "github.com/klient-crm/klient/domain/gdpr"
	"github.com/klient-crm/klient/eventstore"
)

// Requests is the repository of data-subject requests (the gdpr.Request
// aggregate on stream "dsr-<requestID>") that the request handlers share.
type Requests struct{ journal journal.Journal }

// NewRequests returns the repository. The codec must have gdpr.Events()
// and contact.Events() registered; clock is the only source of "now".
func NewRequests(store journal.EventStore, codec journal.EventCodec, clock func() time.Time) (*Requests, error) {
	j, err := journal.New("NewRequests", store, codec, clock)
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

func requestStream(id string) journal.Stream {
	return journal.Stream{Name: domaingdpr.RequestStreamName(id), StaleCode: "gdpr.request.changed_meanwhile"}
}

// loader rebuilds request id for the shared command flows. A sealed field
// of an erased subject reads blank; a decision that would seal for them
// is refused by the codec (kind erased).
func (r *Requests) loader(id string) journal.Loader[*domaingdpr.Request] {
	return func(ctx context.Context) (*domaingdpr.Request, journal.Span, error) {
		req := new(domaingdpr.Request)
		sp, err := r.journal.Replay(ctx, domaingdpr.RequestStreamName(id), "", func(ev domain.Event, _ bool) { req.Apply(ev) })
		return req, sp, err
	}
}

// change runs a decision on the existing request rawID that the caller
// last saw at version expected (see journal.ChangeOn).
func (r *Requests) change(ctx context.Context, actor journal.Actor, rawID string, expected uint64, decide journal.Decision[*domaingdpr.Request]) (RequestResult, error) {
	if err := actor.Check(); err != nil {
		return RequestResult{}, err
	}
	id, err := existingRequestID(rawID)
	if err != nil {
		return RequestResult{}, err
	}
	p, err := journal.ChangeOn(ctx, &r.journal, actor, requestStream(id), expected, r.loader(id), decide)
	return requestResult(id, p, err)
}

func existingRequestID(raw string) (string, error) {
	return journal.ExistingID(raw, domain.NotFound("there is no such request").WithCode("gdpr.request.not_found"))
}

func requestResult(id string, p journal.Placed, err error) (RequestResult, error) {
	if err != nil {
		return RequestResult{}, err
	}
	return RequestResult{RequestID: id, Version: p.Version, Position: p.Position}, nil
}
