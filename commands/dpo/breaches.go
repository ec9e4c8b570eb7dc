package dpo

import (
	"context"
	"errors"
	"time"

	"github.com/klient-crm/klient/commands/journal"
	"github.com/klient-crm/klient/domain"
	domaindpo "github.com/klient-crm/klient/domain/dpo"
	"github.com/klient-crm/klient/eventstore"
)

// Breaches is the repository of personal-data breaches (the dpo.Breach
// aggregate on stream "breach-<breachID>") that the breach handlers share.
type Breaches struct{ journal journal.Journal }

// NewBreaches returns the repository. The codec must have dpo.Events()
// registered; clock is the only source of "now" (the 72-hour clock's
// checks against the future read it too).
func NewBreaches(store journal.EventStore, codec journal.EventCodec, clock func() time.Time) (*Breaches, error) {
	j, err := journal.New("NewBreaches", store, codec, clock)
	if err != nil {
		return nil, err
	}
	return &Breaches{journal: j}, nil
}

// BreachResult tells the caller where a command left the breach.
type BreachResult struct {
	BreachID string              // canonical UUID, chosen by the handler when the record named none
	Version  uint64              // send it back as ExpectedVersion with the next change
	Position eventstore.Position // wait for the dpo projection to pass it (read-your-writes)
}

func requireBreaches(handler string, breaches *Breaches) error {
	if breaches == nil {
		return errors.New("commands." + handler + ": breaches repository is required")
	}
	return nil
}

func breachStream(id string) journal.Stream {
	return journal.Stream{Name: domaindpo.BreachStreamName(id), StaleCode: "dpo.breach.changed_meanwhile"}
}

func (r *Breaches) loader(id string) journal.Loader[*domaindpo.Breach] {
	return func(ctx context.Context) (*domaindpo.Breach, journal.Span, error) {
		b := new(domaindpo.Breach)
		sp, err := r.journal.Replay(ctx, domaindpo.BreachStreamName(id), "", func(ev domain.Event, _ bool) { b.Apply(ev) })
		return b, sp, err
	}
}

// change runs a decision on the existing breach rawID that the caller last
// saw at version expected (see journal.ChangeOn).
func (r *Breaches) change(ctx context.Context, actor journal.Actor, rawID string, expected uint64, decide journal.Decision[*domaindpo.Breach]) (BreachResult, error) {
	if err := actor.Check(); err != nil {
		return BreachResult{}, err
	}
	id, err := journal.ExistingID(rawID, domain.NotFound("there is no such breach").WithCode("dpo.breach.not_found"))
	if err != nil {
		return BreachResult{}, err
	}
	p, err := journal.ChangeOn(ctx, &r.journal, actor, breachStream(id), expected, r.loader(id), decide)
	return breachResult(id, p, err)
}

func breachResult(id string, p journal.Placed, err error) (BreachResult, error) {
	if err != nil {
		return BreachResult{}, err
	}
	return BreachResult{BreachID: id, Version: p.Version, Position: p.Position}, nil
}
