package storetest

import (
	"testing"

	"github.com/klient-crm/klient/eventstore"
)

var conflictChecks = []check{
	{"ConflictNoStreamOnExistingStream", conflictNoStream},
	{"ConflictExactOnMissingStream", conflictExactMissing},
	{"ConflictExactBehind", conflictExactBehind},
	{"ConflictExactAhead", conflictExactAhead},
	{"ConflictingBatchWritesNothing", conflictAtomic},
}

// existing makes a stream of n events and returns its name.
func existing(t *testing.T, s eventstore.Store, n int) string {
	stream := streamName("conflict")
	mustAppend(t, s, stream, eventstore.NoStream, newEvents(t, n))
	return stream
}

// wantRejected appends evs expecting exp, wants a conflict, and checks that
// the stream still holds `before` events and none of evs exists anywhere.
func wantRejected(t *testing.T, s eventstore.Store, stream string, exp eventstore.ExpectedVersion, evs []eventstore.Envelope, before int) {
	t.Helper()
	_, err := s.Append(ctxFor(t), stream, exp, evs)
	wantConflict(t, err)
	if before > 0 {
		if n := len(readStream(t, s, stream)); n != before {
			t.Errorf("stream holds %d events after a rejected append, want %d", n, before)
		}
	}
	wantAbsent(t, s, ids(evs))
}

func conflictNoStream(t *testing.T, s eventstore.Store) {
	stream := existing(t, s, 1)
	wantRejected(t, s, stream, eventstore.NoStream, newEvents(t, 1), 1)
}

func conflictExactMissing(t *testing.T, s eventstore.Store) {
	wantRejected(t, s, streamName("missing"), eventstore.Exact(0), newEvents(t, 1), 0)
}

func conflictExactBehind(t *testing.T, s eventstore.Store) {
	stream := existing(t, s, 3)
	wantRejected(t, s, stream, eventstore.Exact(1), newEvents(t, 1), 3)
}

func conflictExactAhead(t *testing.T, s eventstore.Store) {
	stream := existing(t, s, 2)
	wantRejected(t, s, stream, eventstore.Exact(5), newEvents(t, 1), 2)
}

// conflictAtomic: a multi-event batch that loses its race leaves no trace,
// neither in the stream nor in the global log.
func conflictAtomic(t *testing.T, s eventstore.Store) {
	stream := existing(t, s, 2)
	wantRejected(t, s, stream, eventstore.Exact(0), newEvents(t, 5), 2)
	if res := mustAppend(t, s, stream, eventstore.Exact(1), newEvents(t, 1)); res.LastVersion != 2 {
		t.Errorf("append after a rejected batch landed at version %d, want 2", res.LastVersion)
	}
}
