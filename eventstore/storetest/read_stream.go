package storetest

import (
	"errors"
	"testing"

	"github.com/klient-crm/klient/eventstore"
)

var readStreamChecks = []check{
	{"ReadStreamFromVersionWithLimit", readStreamWindow},
	{"ReadStreamPastTheEndIsEmpty", readStreamPastEnd},
	{"ReadStreamUnknownIsNotFound", readStreamUnknown},
	{"ReadStreamKeepsStreamsApart", readStreamApart},
}

func readStreamWindow(t *testing.T, s eventstore.Store) {
	stream, evs := streamName("window"), newEvents(t, 6)
	mustAppend(t, s, stream, eventstore.NoStream, evs[:2])
	mustAppend(t, s, stream, eventstore.Exact(1), evs[2:])
	got, err := s.ReadStream(ctxFor(t), stream, 2, 3)
	if err != nil {
		t.Fatalf("read stream from 2 limit 3: %v", err)
	}
	wantIDs(t, "from 2 limit 3", got, ids(evs[2:5]))
	for i, e := range got {
		if e.Version != uint64(2+i) {
			t.Errorf("event %d has version %d, want %d", i, e.Version, 2+i)
		}
	}
	wantIDs(t, "from 0 limit 1000", readStream(t, s, stream), ids(evs))
}

func readStreamPastEnd(t *testing.T, s eventstore.Store) {
	stream := streamName("pastend")
	mustAppend(t, s, stream, eventstore.NoStream, newEvents(t, 2))
	got, err := s.ReadStream(ctxFor(t), stream, 2, 10)
	if err != nil || len(got) != 0 {
		t.Errorf("read from version 2 of a 2-event stream: %d events, %v; want none and no error", len(got), err)
	}
}

func readStreamUnknown(t *testing.T, s eventstore.Store) {
	_, err := s.ReadStream(ctxFor(t), streamName("unknown"), 0, 10)
	if !errors.Is(err, eventstore.ErrStreamNotFound) {
		t.Errorf("read of an unknown stream: %v, want ErrStreamNotFound", err)
	}
}

// readStreamApart: interleaved appends to two streams never mix, and each
// stream numbers its own versions from 0.
func readStreamApart(t *testing.T, s eventstore.Store) {
	a, b := streamName("apart"), streamName("apart")
	ea, eb := newEvents(t, 2), newEvents(t, 2)
	mustAppend(t, s, a, eventstore.NoStream, ea[:1])
	mustAppend(t, s, b, eventstore.NoStream, eb[:1])
	mustAppend(t, s, a, eventstore.Exact(0), ea[1:])
	mustAppend(t, s, b, eventstore.Exact(0), eb[1:])
	gotB := readStream(t, s, b)
	wantIDs(t, "stream b", gotB, ids(eb))
	wantIDs(t, "stream a", readStream(t, s, a), ids(ea))
	if len(gotB) == 2 && (gotB[0].Version != 0 || gotB[1].Version != 1) {
		t.Errorf("stream b versions %d,%d, want 0,1", gotB[0].Version, gotB[1].Version)
	}
}
