package storetest

import (
	"testing"

	"github.com/klient-crm/klient/eventstore"
)

var appendChecks = []check{
	{"AppendNoStreamCreatesStream", appendNoStream},
	{"AppendAnyToNewAndExistingStream", appendAny},
	{"AppendExactExtendsStream", appendExact},
	{"AppendResultMatchesStoredEvents", appendResult},
}

func appendNoStream(t *testing.T, s eventstore.Store) {
	stream, evs := streamName("nostream"), newEvents(t, 3)
	res := mustAppend(t, s, stream, eventstore.NoStream, evs)
	if res.LastVersion != 2 {
		t.Errorf("LastVersion %d after 3 events on a new stream, want 2", res.LastVersion)
	}
	got := readStream(t, s, stream)
	wantIDs(t, "stream after NoStream append", got, ids(evs))
	for i, e := range got {
		if e.Version != uint64(i) || e.Stream != stream {
			t.Errorf("event %d: version %d in %q, want version %d in %q", i, e.Version, e.Stream, i, stream)
		}
	}
}

func appendAny(t *testing.T, s eventstore.Store) {
	stream, first, second := streamName("any"), newEvents(t, 2), newEvents(t, 1)
	if res := mustAppend(t, s, stream, eventstore.Any, first); res.LastVersion != 1 {
		t.Errorf("LastVersion %d after Any on a new stream, want 1", res.LastVersion)
	}
	if res := mustAppend(t, s, stream, eventstore.Any, second); res.LastVersion != 2 {
		t.Errorf("LastVersion %d after Any on a 2-event stream, want 2", res.LastVersion)
	}
	wantIDs(t, "stream after two Any appends", readStream(t, s, stream), append(ids(first), ids(second)...))
}

func appendExact(t *testing.T, s eventstore.Store) {
	stream, first, second, third := streamName("exact"), newEvents(t, 1), newEvents(t, 2), newEvents(t, 1)
	mustAppend(t, s, stream, eventstore.NoStream, first)
	if res := mustAppend(t, s, stream, eventstore.Exact(0), second); res.LastVersion != 2 {
		t.Errorf("LastVersion %d after Exact(0) with 2 events, want 2", res.LastVersion)
	}
	if res := mustAppend(t, s, stream, eventstore.Exact(2), third); res.LastVersion != 3 {
		t.Errorf("LastVersion %d after Exact(2) with 1 event, want 3", res.LastVersion)
	}
	want := append(append(ids(first), ids(second)...), ids(third)...)
	wantIDs(t, "stream after Exact appends", readStream(t, s, stream), want)
}

func appendResult(t *testing.T, s eventstore.Store) {
	stream, evs := streamName("result"), newEvents(t, 4)
	res := mustAppend(t, s, stream, eventstore.NoStream, evs)
	got := readStream(t, s, stream)
	if len(got) != 4 {
		t.Fatalf("stream holds %d events, want 4", len(got))
	}
	last := got[3]
	if res.LastVersion != last.Version || res.LastPosition != last.Position {
		t.Errorf("AppendResult %d@%s, but the last event is %d@%s", res.LastVersion, res.LastPosition, last.Version, last.Position)
	}
	if res.LastPosition == eventstore.Start {
		t.Error("AppendResult.LastPosition is Start")
	}
}
