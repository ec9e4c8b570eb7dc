package postgres

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/klient-crm/klient/eventstore"
)

// Any (xid, seq) pair orders against the log's, so a pair that names no
// event would read on without a word; it is refused. (A pair past the
// last event is the conformance suite's.) (x1, s2) takes the transaction of
// one append and the sequence number of a later one: no event has it, and
// it lies between the two.
func TestPositionThatNamesNoEventIsRefused(t *testing.T) {
	s := newTestStore(t)
	ctx := context.Background()
	first, err := s.Append(ctx, "matter-a", eventstore.NoStream, benchEvents(1))
	if err != nil {
		t.Fatal(err)
	}
	second, err := s.Append(ctx, "matter-b", eventstore.NoStream, benchEvents(1))
	if err != nil {
		t.Fatal(err)
	}
	between := eventstore.Position{Commit: first.LastPosition.Commit, Prepare: second.LastPosition.Prepare}
	if !first.LastPosition.Less(between) || !between.Less(second.LastPosition) {
		t.Fatalf("%s does not lie between %s and %s", between, first.LastPosition, second.LastPosition)
	}
	if _, err := s.ReadAll(ctx, between, 10); !errors.Is(err, eventstore.ErrPositionNotARecord) {
		t.Errorf("read all after %s: %v, want ErrPositionNotARecord", between, err)
	}
	if sub, err := s.SubscribeAll(ctx, between); !errors.Is(err, eventstore.ErrPositionNotARecord) {
		if sub != nil {
			_ = sub.Close()
		}
		t.Errorf("subscribe after %s: %v, want ErrPositionNotARecord", between, err)
	}
	// The event's own place is fine; its successor shows once the horizon
	// (other tests' transactions on the server) has passed it.
	deadline := time.Now().Add(20 * time.Second)
	for {
		got, err := s.ReadAll(ctx, first.LastPosition, 10)
		if err != nil {
			t.Fatalf("read all after the first event: %v", err)
		}
		if len(got) == 1 || time.Now().After(deadline) {
			if len(got) != 1 {
				t.Errorf("read all after the first event: %d events, want 1", len(got))
			}
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
}
