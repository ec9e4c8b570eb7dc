package storetest

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/klient-crm/klient/eventstore"
)

// follower reads a subscription and checks, for every event it sees, that
// positions strictly increase.
type follower struct {
	t    *testing.T
	sub  eventstore.Subscription
	last eventstore.Position
}

func subscribe(t *testing.T, s eventstore.Store, after eventstore.Position) *follower {
	t.Helper()
	sub, err := s.SubscribeAll(ctxFor(t), after)
	if err != nil {
		t.Fatalf("subscribe after %s: %v", after, err)
	}
	t.Cleanup(func() { _ = sub.Close() })
	return &follower{t: t, sub: sub, last: after}
}

// next returns the next event within d, checking its position.
func (f *follower) next(d time.Duration) (eventstore.Envelope, error) {
	ctx, cancel := context.WithTimeout(f.t.Context(), d)
	defer cancel()
	e, err := f.sub.Next(ctx)
	if err == nil {
		if !f.last.Less(e.Position) {
			f.t.Errorf("subscription delivered %s after %s", e.Position, f.last)
		}
		f.last = e.Position
	}
	return e, err
}

// collect reads until n events whose IDs are in mine arrived and returns them.
func (f *follower) collect(mine []uuid.UUID, n int) []eventstore.Envelope {
	f.t.Helper()
	var got []eventstore.Envelope
	deadline := time.Now().Add(patience)
	for len(got) < n {
		e, err := f.next(time.Until(deadline))
		if err != nil {
			f.t.Fatalf("waiting for event %d of %d: %v", len(got)+1, n, err)
		}
		if slices.Contains(mine, e.ID) {
			got = append(got, e)
		}
	}
	return got
}

// quiet reads for a short while and fails on any event whose ID is in mine:
// each event is delivered exactly once.
func (f *follower) quiet(mine []uuid.UUID) {
	f.t.Helper()
	for {
		e, err := f.next(300 * time.Millisecond)
		if errors.Is(err, context.DeadlineExceeded) {
			return
		}
		if err != nil {
			f.t.Fatalf("subscription failed while it should idle: %v", err)
		}
		if slices.Contains(mine, e.ID) {
			f.t.Errorf("event %s at %s delivered again", e.ID, e.Position)
		}
	}
}
