package storetest

import (
	"errors"
	"testing"

	"github.com/klient-crm/klient/eventstore"
)

var positionChecks = []check{
	{"ReadAllFromBeyondTheEndIsRefused", readAllBeyondEnd},
	{"SubscribeFromBeyondTheEndIsRefused", subscribeBeyondEnd},
}

// beyondTheEnd appends two events and returns a place far past them and
// past anything another writer could add meanwhile: where a checkpoint
// kept across a restore of an older backup of the log points.
func beyondTheEnd(t *testing.T, s eventstore.Store) eventstore.Position {
	t.Helper()
	e := newEvents(t, 2)
	mustAppend(t, s, streamName("end"), eventstore.NoStream, e)
	all := awaitAll(t, s, eventstore.Start, ids(e))
	if len(all) != 2 {
		t.Fatalf("%d of 2 events visible", len(all))
	}
	last := all[1].Position
	return eventstore.Position{Commit: last.Commit + 1<<40, Prepare: last.Prepare}
}

// readAllBeyondEnd: read from there, the log would look empty for good.
func readAllBeyondEnd(t *testing.T, s eventstore.Store) {
	beyond := beyondTheEnd(t, s)
	evs, err := s.ReadAll(ctxFor(t), beyond, 10)
	if !errors.Is(err, eventstore.ErrPositionBeyondEnd) {
		t.Errorf("read all after %s (beyond the end): %d events, %v; want ErrPositionBeyondEnd", beyond, len(evs), err)
	}
}

// subscribeBeyondEnd: subscribed from there, every event up to that place
// would be skipped without a word; the subscription is refused at once.
func subscribeBeyondEnd(t *testing.T, s eventstore.Store) {
	beyond := beyondTheEnd(t, s)
	sub, err := s.SubscribeAll(ctxFor(t), beyond)
	if err == nil {
		_ = sub.Close()
	}
	if !errors.Is(err, eventstore.ErrPositionBeyondEnd) {
		t.Errorf("subscribe after %s (beyond the end): %v; want ErrPositionBeyondEnd", beyond, err)
	}
}
