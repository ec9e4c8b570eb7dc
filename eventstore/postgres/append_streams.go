package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/klient-crm/klient/eventstore"
)

var _ eventstore.StreamsCreator = (*Store)(nil)

// CreateStreams creates every stream of streams with its events in one
// transaction: each stream's statement is Append's with NoStream, sent
// together in one round trip (a pipeline), and committed once. A stream
// that exists fails it all (unique_violation on its claim) with nothing
// written; the caller appends those one by one, where a resend of an
// append that landed is recognised as Append recognises it.
func (s *Store) CreateStreams(ctx context.Context, streams []eventstore.NewStream) ([]eventstore.AppendResult, error) {
	batches := make([]batch, len(streams))
	for i, ns := range streams {
		if err := validateAppend(ns.Stream, ns.Events); err != nil {
			return nil, err
		}
		b, err := newBatch(ns.Events)
		if err != nil {
			return nil, err
		}
		batches[i] = b
	}
	if len(streams) == 0 {
		return nil, nil
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	out := make([]eventstore.AppendResult, len(streams))
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		var pb pgx.Batch
		for i, ns := range streams {
			pb.Queue(appendSQL(eventstore.NoStream, len(batches[i].ids)), batches[i].args(ns.Stream)...)
		}
		results := tx.SendBatch(ctx, &pb)
		for i := range streams {
			res, written, err := scanWritten(results.QueryRow(), len(batches[i].ids))
			if err == nil && !written {
				err = errors.New("a stream's claim did not hold")
			}
			if err != nil {
				_ = results.Close()
				return err
			}
			out[i] = res
		}
		return results.Close()
	})
	switch {
	case err != nil && isLostRace(err):
		return nil, eventstore.WrongExpectedVersion(streams[0].Stream+" (or another of the batch)", eventstore.NoStream)
	case err != nil && answerLost(ctx, err):
		return nil, eventstore.OutcomeUnknown(streams[0].Stream, err)
	case err != nil:
		return nil, fmt.Errorf("eventstore/postgres: create streams: %w", err)
	}
	s.appended()
	return out, nil
}
