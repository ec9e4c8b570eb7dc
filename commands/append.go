package commands

import (
	"context"
	"time"

	"github.com/google/uuid"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/contact"
	"github.com/klient-crm/klient/eventstore"
)

// append seals and appends what contact id decided, in one atomic append.
// Each event gets a fresh UUIDv7, so its ID also orders it in time; the
// codec fills in the subjects whose keys seal it.
func (r *Contacts) append(ctx context.Context, actor Actor, id string, expected eventstore.ExpectedVersion, events []domain.Event, now time.Time) (Result, error) {
	meta := eventstore.Metadata{
		Actor:         actor.ID,
		CorrelationID: actor.CorrelationID,
		OccurredAt:    now,
	}
	envs := make([]eventstore.Envelope, 0, len(events))
	for _, ev := range events {
		env, err := r.encode(ctx, ev, meta)
		if err != nil {
			return Result{}, err
		}
		envs = append(envs, env)
	}
	res, err := r.store.Append(ctx, contact.StreamName(id), expected, envs)
	if err != nil {
		return Result{}, asDomainError(err)
	}
	return Result{ContactID: id, Version: res.LastVersion, Position: res.LastPosition}, nil
}

func (r *Contacts) encode(ctx context.Context, ev domain.Event, meta eventstore.Metadata) (eventstore.Envelope, error) {
	eventID, err := uuid.NewV7()
	if err != nil {
		return eventstore.Envelope{}, domain.Internal(err)
	}
	env, err := r.codec.Encode(ctx, eventID, ev, meta)
	if err != nil {
		return eventstore.Envelope{}, asDomainError(err)
	}
	return env, nil
}
