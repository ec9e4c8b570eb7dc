package postgres

import (
	"context"
	"testing"

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
	all, err := s.ReadAll(ctx, eventstore.Start, 100)
	if err != nil {
		t.Fatal(err)
	}
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
