package esdb_test

import (
	"testing"

	"github.com/klient-crm/klient/eventstore"
)

// The server's own events sit in $all between ours; readers never see them,
// and a limit counts only events they do see.
func TestReadAllSkipsSystemEventsAndPagesPastThem(t *testing.T) {
	s, srv := standinStore(t)
	a, b := events(t, 2), events(t, 2)
	mustAppend(t, s, "matter-a", eventstore.NoStream, a)
	for range 5 {
		srv.WriteSystemEvent()
	}
	mustAppend(t, s, "matter-b", eventstore.NoStream, b)
	all, err := s.ReadAll(ctxFor(t), eventstore.Start, 100)
	if err != nil {
		t.Fatal(err)
	}
	wantIDs(t, all, append(a, b...)...)
	page, err := s.ReadAll(ctxFor(t), all[1].Position, 1)
	if err != nil {
		t.Fatal(err)
	}
	wantIDs(t, page, b[0])
}

// EventStoreDB reads $all from a position inclusively; the port wants
// strictly after.
func TestReadAllIsStrictlyAfter(t *testing.T) {
	s, _ := standinStore(t)
	evs := events(t, 3)
	mustAppend(t, s, "matter-c", eventstore.NoStream, evs)
	all, err := s.ReadAll(ctxFor(t), eventstore.Start, 10)
	if err != nil {
		t.Fatal(err)
	}
	rest, err := s.ReadAll(ctxFor(t), all[0].Position, 10)
	if err != nil {
		t.Fatal(err)
	}
	wantIDs(t, rest, evs[1:]...)
	none, err := s.ReadAll(ctxFor(t), all[2].Position, 10)
	if err != nil || len(none) != 0 {
		t.Errorf("after the last event: %d events, %v", len(none), err)
	}
}
