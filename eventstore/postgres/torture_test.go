package postgres

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/klient-crm/klient/eventstore"
)

var errRolledBack = errors.New("torture: rolled back on purpose")

// TestTortureLateCommits: writers hold their transactions open for random
// times after inserting (so later xids commit first) and roll some back,
// while a subscriber follows the log live from Start. It must see every
// committed event exactly once, in strictly increasing position, and no
// rolled-back one.
func TestTortureLateCommits(t *testing.T) {
	s := newStoreOn(t, newPool(t, 20))
	s.beforeCommit = func(ctx context.Context) error {
		time.Sleep(time.Duration(rand.IntN(15_000)) * time.Microsecond)
		if rand.IntN(5) == 0 {
			return errRolledBack
		}
		return nil
	}
	ctx, cancel := context.WithTimeout(t.Context(), 60*time.Second)
	defer cancel()
	sub, err := s.SubscribeAll(ctx, eventstore.Start)
	if err != nil {
		t.Fatal(err)
	}
	seen := follow(ctx, sub)
	w := tortureWriters(t, s, 16, 2*time.Second)
	if len(w.committed) == 0 || len(w.rolledBack) == 0 {
		t.Fatalf("%d committed, %d rolled back: the torture did not torture", len(w.committed), len(w.rolledBack))
	}
	seen.await(len(w.committed), 20*time.Second)
	time.Sleep(300 * time.Millisecond) // room for duplicates to show up
	got := seen.snapshot()
	_ = sub.Close()
	checkDelivery(t, got, w)
	checkSameAsReadAll(t, s, got)
	t.Logf("%d events committed, %d rolled back, all delivered once in order", len(w.committed), len(w.rolledBack))
}

// written is what the writers know they committed and rolled back.
type written struct {
	mu         sync.Mutex
	committed  map[uuid.UUID]bool
	rolledBack map[uuid.UUID]bool
}

func (w *written) record(evs []eventstore.Envelope, err error) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	into := w.committed
	switch {
	case errors.Is(err, errRolledBack):
		into = w.rolledBack
	case err != nil:
		return err
	}
	for _, e := range evs {
		into[e.ID] = true
	}
	return nil
}

// tortureWriters runs n writers for d: each appends 1–3 events, half the
// time to its own stream (Exact), half to one of four shared streams (Any).
func tortureWriters(t *testing.T, s *Store, n int, d time.Duration) *written {
	w := &written{committed: map[uuid.UUID]bool{}, rolledBack: map[uuid.UUID]bool{}}
	shared := []string{"hot-0", "hot-1", "hot-2", "hot-3"}
	stop := time.Now().Add(d)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			own, next := fmt.Sprintf("own-%d", i), uint64(0)
			for time.Now().Before(stop) {
				stream, exp := shared[rand.IntN(len(shared))], eventstore.Any
				if rand.IntN(2) == 0 {
					stream, exp = own, eventstore.Exact(next-1)
					if next == 0 {
						exp = eventstore.NoStream
					}
				}
				evs := tortureEvents(1 + rand.IntN(3))
				res, err := s.Append(t.Context(), stream, exp, evs)
				if err := w.record(evs, err); err != nil {
					t.Errorf("append to %s: %v", stream, err)
					return
				}
				if err == nil && stream == own {
					next = res.LastVersion + 1
				}
			}
		})
	}
	wg.Wait()
	return w
}

func tortureEvents(n int) []eventstore.Envelope {
	evs := make([]eventstore.Envelope, n)
	for i := range evs {
		evs[i] = eventstore.Envelope{ID: uuid.Must(uuid.NewV7()), Type: "Tortured", SchemaVersion: 1, Data: []byte(`{}`)}
	}
	return evs
}
