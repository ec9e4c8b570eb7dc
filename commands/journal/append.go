package journal

import (
	"context"
	"time"

	"github.com/google/uuid"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/eventstore"
)

// Append seals and appends what an aggregate decided to its stream s, in
// one atomic append. Each event gets a fresh UUIDv7, so its ID also orders
// it in time; the codec fills in the subjects whose keys seal it.
func (j *Journal) Append(ctx context.Context, actor Actor, s Stream, expected eventstore.ExpectedVersion, events []domain.Event, now time.Time) (eventstore.AppendResult, error) {
	meta := eventstore.Metadata{
		Actor:         actor.ID,
		CorrelationID: actor.CorrelationID,
		OccurredAt:    now,
	}
	envs := make([]eventstore.Envelope, 0, len(events))
	for _, ev := range events {
		env, err := j.encode(ctx, ev, meta)
		if err != nil {
			return eventstore.AppendResult{}, err
		}
		envs = append(envs, env)
	}
	res, err := j.store.Append(ctx, s.Name, expected, envs)
	if err != nil {
		return eventstore.AppendResult{}, s.Conflict(err)
	}
	return res, nil
}

func (j *Journal) encode(ctx context.Context, ev domain.Event, meta eventstore.Metadata) (eventstore.Envelope, error) {
	eventID, err := uuid.NewV7()
	if err != nil {
		return eventstore.Envelope{}, domain.Internal(err)
	}
	env, err := j.codec.Encode(ctx, eventID, ev, meta)
	if err != nil {
		return eventstore.Envelope{}, AsDomainError(err)
	}
	return env, nil
}
