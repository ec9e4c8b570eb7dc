package storetest

import (
	"slices"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/klient-crm/klient/eventstore"
)

// readStream returns the whole stream, failing the test on any error.
func readStream(t *testing.T, s eventstore.Store, stream string) []eventstore.Envelope {
	t.Helper()
	evs, err := s.ReadStream(ctxFor(t), stream, 0, 1000)
	if err != nil {
		t.Fatalf("read stream %s: %v", stream, err)
	}
	return evs
}

// readAllMine reads the whole log after `after` and keeps the events whose
// IDs are in mine, in log order.
func readAllMine(t *testing.T, s eventstore.Store, after eventstore.Position, mine []uuid.UUID) []eventstore.Envelope {
	t.Helper()
	var out []eventstore.Envelope
	for {
		page, err := s.ReadAll(ctxFor(t), after, 500)
		if err != nil {
			t.Fatalf("read all after %s: %v", after, err)
		}
		for _, e := range page {
			if slices.Contains(mine, e.ID) {
				out = append(out, e)
			}
		}
		if len(page) < 500 {
			return out
		}
		after = page[len(page)-1].Position
	}
}

// awaitAll waits until every ID in mine is visible to ReadAll after `after`
// and returns those events in log order.
func awaitAll(t *testing.T, s eventstore.Store, after eventstore.Position, mine []uuid.UUID) []eventstore.Envelope {
	t.Helper()
	deadline := time.Now().Add(patience)
	for {
		got := readAllMine(t, s, after, mine)
		if len(got) >= len(mine) || time.Now().After(deadline) {
			return got
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// barrier appends a marker event and waits until ReadAll shows it: anything
// committed before the barrier is then visible too, so an absent event was
// never written.
func barrier(t *testing.T, s eventstore.Store) {
	t.Helper()
	marker := newEvents(t, 1)
	mustAppend(t, s, streamName("barrier"), eventstore.NoStream, marker)
	if got := awaitAll(t, s, eventstore.Start, ids(marker)); len(got) != 1 {
		t.Fatalf("barrier event never became visible to ReadAll")
	}
}

// wantAbsent fails when any of the IDs was written anywhere.
func wantAbsent(t *testing.T, s eventstore.Store, absent []uuid.UUID) {
	t.Helper()
	barrier(t, s)
	if got := readAllMine(t, s, eventstore.Start, absent); len(got) != 0 {
		t.Errorf("%d events of a failed append were written (first at %s)", len(got), got[0].Position)
	}
}

func wantIDs(t *testing.T, what string, got []eventstore.Envelope, want []uuid.UUID) {
	t.Helper()
	if !slices.Equal(ids(got), want) {
		t.Errorf("%s: got IDs %v, want %v", what, ids(got), want)
	}
}
