package postgres

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/klient-crm/klient/eventstore"
)

// seen collects what a subscription delivers, from its own goroutine.
type seen struct {
	mu  sync.Mutex
	evs []eventstore.Envelope
	err error
}

func follow(ctx context.Context, sub eventstore.Subscription) *seen {
	s := &seen{}
	go func() {
		for {
			e, err := sub.Next(ctx)
			s.mu.Lock()
			if err != nil {
				s.err = err
				s.mu.Unlock()
				return
			}
			s.evs = append(s.evs, e)
			s.mu.Unlock()
		}
	}()
	return s
}

func (s *seen) snapshot() []eventstore.Envelope {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]eventstore.Envelope(nil), s.evs...)
}

// await waits until n events arrived (or d passed, or the subscription
// failed) and returns what arrived.
func (s *seen) await(n int, d time.Duration) []eventstore.Envelope {
	deadline := time.Now().Add(d)
	for time.Now().Before(deadline) {
		s.mu.Lock()
		done := len(s.evs) >= n || s.err != nil
		s.mu.Unlock()
		if done {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	return s.snapshot()
}

func checkDelivery(t *testing.T, got []eventstore.Envelope, w *written) {
	t.Helper()
	delivered := map[uuid.UUID]int{}
	var last eventstore.Position
	for _, e := range got {
		if !last.Less(e.Position) {
			t.Errorf("delivered %s after %s", e.Position, last)
		}
		last = e.Position
		delivered[e.ID]++
		if w.rolledBack[e.ID] {
			t.Errorf("delivered rolled-back event %s at %s", e.ID, e.Position)
		}
		if delivered[e.ID] == 2 {
			t.Errorf("delivered event %s twice", e.ID)
		}
	}
	missing := 0
	for id := range w.committed {
		if delivered[id] == 0 {
			missing++
		}
	}
	if missing > 0 {
		t.Errorf("%d of %d committed events never delivered", missing, len(w.committed))
	}
}

// checkSameAsReadAll: a reader that catches up afterwards sees the very
// same sequence the live subscriber saw.
func checkSameAsReadAll(t *testing.T, s *Store, got []eventstore.Envelope) {
	t.Helper()
	var all []eventstore.Envelope
	for after := eventstore.Start; ; {
		page, err := s.ReadAll(t.Context(), after, 1000)
		if err != nil {
			t.Fatal(err)
		}
		if len(page) == 0 {
			break
		}
		all, after = append(all, page...), page[len(page)-1].Position
	}
	if len(all) != len(got) {
		t.Fatalf("ReadAll holds %d events, the subscriber saw %d", len(all), len(got))
	}
	for i := range all {
		if all[i].ID != got[i].ID || all[i].Position != got[i].Position {
			t.Fatalf("event %d: ReadAll has %s@%s, subscriber saw %s@%s", i, all[i].ID, all[i].Position, got[i].ID, got[i].Position)
		}
	}
}
