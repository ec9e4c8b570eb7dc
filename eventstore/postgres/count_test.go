package postgres

import (
	"context"
	"testing"
	"time"

	"github.com/klient-crm/klient/eventstore"
)

// CountAfter must agree with what ReadAll delivers: same count, same last
// position, from the start and from the middle.
func TestCountAfterAgreesWithReadAll(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := newStoreOn(t, newPool(t, 4))
	for i := range 5 {
		if _, err := s.Append(ctx, "count-"+string(rune('a'+i)), eventstore.NoStream, benchEvents(3)); err != nil {
			t.Fatal(err)
		}
	}
	all := readAllVisible(t, s, 15)
	for _, from := range []int{-1, 0, 6, len(all) - 1} {
		after := eventstore.Start
		if from >= 0 {
			after = all[from].Position
		}
		n, last, err := s.CountAfter(ctx, after)
		if err != nil {
			t.Fatal(err)
		}
		want := uint64(len(all) - 1 - from)
		wantLast := all[len(all)-1].Position
		if from == len(all)-1 {
			wantLast = after
		}
		if n != want || last != wantLast {
			t.Errorf("after event %d: got %d up to %s, want %d up to %s", from, n, last, want, wantLast)
		}
	}
}

// readAllVisible reads the whole log once all want events are below the
// read horizon: transactions of other tests on the same cluster hold the
// horizon back for a moment, and both ReadAll and CountAfter stop there.
func readAllVisible(t *testing.T, s *Store, want int) []eventstore.Envelope {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		all, err := s.ReadAll(context.Background(), eventstore.Start, 100)
		if err != nil {
			t.Fatal(err)
		}
		if len(all) == want {
			return all
		}
		if time.Now().After(deadline) {
			t.Fatalf("only %d of %d appended events became readable", len(all), want)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
