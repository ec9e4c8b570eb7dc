package journal

import (
	"context"
	"errors"
	"time"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/eventstore"
)

// NewStream is a stream to create with what an aggregate decided.
type NewStream struct {
	Stream Stream
	Events []domain.Event
}

// CreateStreams seals and appends each of streams as a new stream
// (expected: no stream), in one write when the store can create many
// streams at once (eventstore.StreamsCreator), else one after another. A
// batch refused because one of its streams exists, or whose outcome is
// unknown, is appended stream by stream with the very same events, so a
// stream that landed answers with its first result and an existing one
// is refused alone. results[i] and errs[i] are streams[i]'s.
func (j *Journal) CreateStreams(ctx context.Context, actor Actor, streams []NewStream, now time.Time) ([]eventstore.AppendResult, []error, error) {
	meta := eventstore.Metadata{Actor: actor.ID, CorrelationID: actor.CorrelationID, OccurredAt: now}
	batch := make([]eventstore.NewStream, len(streams))
	for i, ns := range streams {
		envs := make([]eventstore.Envelope, 0, len(ns.Events))
		for _, ev := range ns.Events {
			env, err := j.encode(ctx, ev, meta)
			if err != nil {
				return nil, nil, err
			}
			envs = append(envs, env)
		}
		batch[i] = eventstore.NewStream{Stream: ns.Stream.Name, Events: envs}
	}
	results := make([]eventstore.AppendResult, len(streams))
	errs := make([]error, len(streams))
	if c, ok := j.store.(eventstore.StreamsCreator); ok && len(batch) > 1 {
		res, err := c.CreateStreams(ctx, batch)
		if err == nil {
			return res, errs, nil
		}
		if !IsStale(err) && !errors.Is(err, eventstore.ErrOutcomeUnknown) {
			return nil, nil, AsDomainError(err)
		}
	}
	for i, ns := range batch {
		res, err := j.appendResending(ctx, ns.Stream, eventstore.NoStream, ns.Events)
		switch {
		case err == nil:
			results[i] = res
		case IsStale(err):
			errs[i] = streams[i].Stream.Conflict(err)
		default:
			return nil, nil, streams[i].Stream.Conflict(err)
		}
	}
	return results, errs, nil
}
