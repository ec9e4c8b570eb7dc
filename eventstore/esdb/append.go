package esdb

import (
	"context"
	"errors"

	"github.com/kurrent-io/KurrentDB-Client-Go/kurrentdb"

	"github.com/klient-crm/klient/eventstore"
)

// anyAttempts bounds how often an Any append is sent again after another
// writer appended between its read of the stream's end and its write.
const anyAttempts = 32

// Append writes events atomically with the server's optimistic check, each
// event's metadata carrying its link in the stream's hash chain (chain.go).
// Re-appending the same event IDs at the same place is answered by the
// server itself as an idempotent success with the original revision and
// position. A follower's NotLeader is followed to the leader (leader.go).
func (s *Store) Append(ctx context.Context, stream string, expected eventstore.ExpectedVersion, events []eventstore.Envelope) (eventstore.AppendResult, error) {
	if err := validateAppend(stream, events); err != nil {
		return eventstore.AppendResult{}, err
	}
	for attempt := 1; ; attempt++ {
		if err := ctx.Err(); err != nil {
			return eventstore.AppendResult{}, err // nothing sent: the outcome is known
		}
		p, err := s.place(ctx, stream, expected, events)
		if err != nil || p.done != nil {
			if p.done != nil {
				return *p.done, nil
			}
			return eventstore.AppendResult{}, err
		}
		res, err := s.send(ctx, stream, p, events)
		if errors.Is(err, eventstore.ErrWrongExpectedVersion) && expected.IsAny() && attempt < anyAttempts {
			continue // another writer appended after the read: chain onto its events
		}
		if errors.Is(err, eventstore.ErrWrongExpectedVersion) {
			return res, eventstore.WrongExpectedVersion(stream, expected)
		}
		return res, err
	}
}

// send writes the chained events with p's expected version.
func (s *Store) send(ctx context.Context, stream string, p placement, events []eventstore.Envelope) (eventstore.AppendResult, error) {
	data, last, err := chainEvents(stream, p, events)
	if err != nil {
		return eventstore.AppendResult{}, err
	}
	opts := kurrentdb.AppendToStreamOptions{StreamState: streamState(p.send)}
	var res *kurrentdb.WriteResult
	c, err := s.attempt(ctx, isNotLeader, func(c *kurrentdb.Client) (err error) {
		res, err = c.AppendToStream(ctx, stream, opts, data...)
		return err
	})
	switch {
	case isWrongExpectedVersion(err):
		return eventstore.AppendResult{}, eventstore.WrongExpectedVersion(stream, p.send)
	case err != nil && answerLost(ctx, err):
		return eventstore.AppendResult{}, eventstore.OutcomeUnknown(stream, err)
	case err != nil:
		return eventstore.AppendResult{}, s.failed(ctx, c, "append", err)
	}
	out, err := s.appendResult(ctx, stream, res)
	if err == nil && out.LastVersion == p.first+uint64(len(events))-1 {
		s.tails.put(stream, out.LastVersion, last)
	}
	return out, err
}

// answerLost tells an append whose answer was lost from one refused: the
// caller's ctx ended while it was on its way, the client gave up waiting
// (DeadlineExceeded), the node timed out waiting for the cluster to
// confirm it (Aborted, "Operation timed out": the write may still
// commit), or the connection or the node was lost (Unavailable). The
// server also lets a resend that arrives before the original is
// replicated go unanswered, which the client reports as DeadlineExceeded.
// A client that could not even send its request (the stream cut after
// the server refused the first message) reports the cut, not these.
func answerLost(ctx context.Context, err error) bool {
	if ctx.Err() != nil {
		return true
	}
	switch code, _ := clientCode(err); code {
	case kurrentdb.ErrorCodeDeadlineExceeded, kurrentdb.ErrorAborted, kurrentdb.ErrorUnavailable:
		return true
	}
	return false
}

func streamState(e eventstore.ExpectedVersion) kurrentdb.StreamState {
	if v, ok := e.Version(); ok {
		return kurrentdb.Revision(v)
	}
	if e.IsNoStream() {
		return kurrentdb.NoStream{}
	}
	return kurrentdb.Any{}
}

// appendResult uses the position the server reports, which for an append
// is its last event's log position. Servers before 22.10 report none for
// an idempotent retry; the last event is then read back.
func (s *Store) appendResult(ctx context.Context, stream string, res *kurrentdb.WriteResult) (eventstore.AppendResult, error) {
	out := eventstore.AppendResult{
		LastVersion:  res.NextExpectedVersion, // the client's name for the stream's current revision
		LastPosition: eventstore.Position{Commit: res.CommitPosition, Prepare: res.PreparePosition},
	}
	if out.LastPosition != eventstore.Start {
		return out, nil
	}
	last, err := s.ReadStream(ctx, stream, out.LastVersion, 1)
	if err != nil {
		return eventstore.AppendResult{}, err
	}
	if len(last) == 1 {
		out.LastPosition = last[0].Position
	}
	return out, nil
}
