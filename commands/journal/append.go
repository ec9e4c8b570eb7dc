package journal

import (
	"context"
	"errors"
	"time"

	"github.com/google/uuid"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/eventstore"
)

// Append seals and appends what an aggregate decided to its stream s, in
// one atomic append. Each event gets a fresh UUIDv7, so its ID also orders
// it in time; the codec fills in the subjects whose keys seal it. An append
// whose answer was lost is resent with those same IDs (appendResending).
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
	res, err := j.appendResending(ctx, s.Name, expected, envs)
	if err != nil {
		return eventstore.AppendResult{}, s.Conflict(err)
	}
	return res, nil
}

// resendPauses are the waits before each resend of an append whose answer
// was lost. An EventStoreDB leader drops a resend that arrives before the
// original is replicated (and confirms within its 2 s commit timeout), so
// the waits grow towards that.
var resendPauses = []time.Duration{200 * time.Millisecond, time.Second}

// appendResending sends the very same envelopes again — the same event
// IDs, the same expected version — while the store cannot say whether an
// append landed (eventstore.ErrOutcomeUnknown). For NoStream and Exact the
// store answers a resend of an append that landed with the original result,
// so nothing is written twice; with Any it may write them again
// (eventstore.Store.Append), so an Any append is not resent. If the outcome
// is still unknown the error says so (the HTTP edge answers 503 with
// Retry-After): a request resent later decides afresh, and an expected
// version or a client-chosen ID keeps that from doubling the action too.
func (j *Journal) appendResending(ctx context.Context, stream string, expected eventstore.ExpectedVersion, envs []eventstore.Envelope) (eventstore.AppendResult, error) {
	res, err := j.store.Append(ctx, stream, expected, envs)
	for _, pause := range resendPauses {
		if !errors.Is(err, eventstore.ErrOutcomeUnknown) || expected.IsAny() {
			break
		}
		t := time.NewTimer(pause)
		select {
		case <-ctx.Done():
			t.Stop()
			return res, err
		case <-t.C:
		}
		res, err = j.store.Append(ctx, stream, expected, envs)
	}
	return res, err
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
