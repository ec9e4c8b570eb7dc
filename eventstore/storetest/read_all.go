package storetest

import (
	"testing"

	"github.com/klient-crm/klient/eventstore"
)

var readAllChecks = []check{
	{"ReadAllFollowsAppendOrder", readAllOrder},
	{"ReadAllIsStrictlyAfter", readAllStrictlyAfter},
	{"ReadAllHonoursLimit", readAllLimit},
}

// readAllOrder: appends done one after another appear in that order in the
// global log, across streams, with strictly increasing positions.
func readAllOrder(t *testing.T, s eventstore.Store) {
	a, b := streamName("order"), streamName("order")
	e := newEvents(t, 5)
	mustAppend(t, s, a, eventstore.NoStream, e[0:2])
	mustAppend(t, s, b, eventstore.NoStream, e[2:3])
	mustAppend(t, s, a, eventstore.Exact(1), e[3:5])
	got := awaitAll(t, s, eventstore.Start, ids(e))
	wantIDs(t, "global log", got, ids(e))
	for i := 1; i < len(got); i++ {
		if !got[i-1].Position.Less(got[i].Position) {
			t.Errorf("position %s is not after %s", got[i].Position, got[i-1].Position)
		}
	}
}

func readAllStrictlyAfter(t *testing.T, s eventstore.Store) {
	stream, e := streamName("after"), newEvents(t, 4)
	mustAppend(t, s, stream, eventstore.NoStream, e)
	all := awaitAll(t, s, eventstore.Start, ids(e))
	if len(all) != 4 {
		t.Fatalf("%d of 4 events visible", len(all))
	}
	wantIDs(t, "after the second event", readAllMine(t, s, all[1].Position, ids(e)), ids(e[2:]))
	wantIDs(t, "after the last event", readAllMine(t, s, all[3].Position, ids(e)), nil)
}

func readAllLimit(t *testing.T, s eventstore.Store) {
	stream, e := streamName("limit"), newEvents(t, 5)
	mustAppend(t, s, stream, eventstore.NoStream, e)
	all := awaitAll(t, s, eventstore.Start, ids(e))
	if len(all) != 5 {
		t.Fatalf("%d of 5 events visible", len(all))
	}
	page, err := s.ReadAll(ctxFor(t), all[0].Position, 2)
	if err != nil {
		t.Fatalf("read all limit 2: %v", err)
	}
	if len(page) != 2 {
		t.Fatalf("read all limit 2 returned %d events", len(page))
	}
	if !all[0].Position.Less(page[0].Position) || !page[0].Position.Less(page[1].Position) {
		t.Errorf("page positions %s, %s not strictly after %s and increasing", page[0].Position, page[1].Position, all[0].Position)
	}
}
