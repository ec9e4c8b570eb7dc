package commands

import (
	"context"
	"errors"
	"time"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/eventstore"
)

// pageSize is how many events one read of a stream fetches; an aggregate
// rarely has more, so one round trip is the rule.
const pageSize = 500

// journal is the event store and the codec with the clock: what every
// repository (Contacts, Staff, Walls) rebuilds its aggregates from and
// appends their decisions through.
type journal struct {
	store EventStore
	codec EventCodec
	clock func() time.Time
}

func newJournal(constructor string, store EventStore, codec EventCodec, clock func() time.Time) (journal, error) {
	if store == nil || codec == nil || clock == nil {
		return journal{}, errors.New("commands." + constructor + ": store, codec and clock are all required")
	}
	return journal{store: store, codec: codec, clock: clock}, nil
}

func (j *journal) now() time.Time { return j.clock().UTC() }

// span is what replaying a stream found: whether it exists, the version of
// its last event and the positions of its first and last events.
type span struct {
	found       bool
	version     uint64
	first, last eventstore.Position
}

// replay reads stream name from its start and hands each event to apply in
// order, with erased set when subject's personal fields could not be opened
// (an aggregate then refuses changes). A stream that does not exist replays
// nothing.
func (j *journal) replay(ctx context.Context, name, subject string, apply func(ev domain.Event, erased bool)) (span, error) {
	var sp span
	for from := uint64(0); ; {
		envs, err := j.store.ReadStream(ctx, name, from, pageSize)
		if errors.Is(err, eventstore.ErrStreamNotFound) {
			return sp, nil
		}
		if err != nil {
			return sp, asDomainError(err)
		}
		for _, env := range envs {
			if err := j.replayOne(ctx, env, subject, apply); err != nil {
				return sp, err
			}
			sp.record(env)
		}
		if len(envs) < pageSize {
			return sp, nil
		}
		from = envs[len(envs)-1].Version + 1
	}
}

// replayOne decodes one envelope. An event the codec cannot open for want
// of the subject's key still counts: the aggregate is erased.
func (j *journal) replayOne(ctx context.Context, env eventstore.Envelope, subject string, apply func(domain.Event, bool)) error {
	d, err := j.codec.Decode(ctx, env)
	switch {
	case domain.IsKind(err, domain.KindErased):
		apply(nil, true)
	case err != nil:
		return asDomainError(err)
	default:
		apply(d.Event, subject != "" && d.IsErased(subject))
	}
	return nil
}

func (sp *span) record(env eventstore.Envelope) {
	if !sp.found {
		sp.found, sp.first = true, env.Position
	}
	sp.version, sp.last = env.Version, env.Position
}
