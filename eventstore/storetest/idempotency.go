package storetest

import (
	"testing"

	"github.com/klient-crm/klient/eventstore"
)

var idempotencyChecks = []check{
	{"IdempotentRetryNoStream", retryNoStream},
	{"IdempotentRetryExact", retryExact},
	{"IdempotentRetryAnyOfLastBatch", retryAny},
	{"PartialRetryIsConflict", retryPartial},
}

// wantRetry re-appends evs and wants the original result and no new event.
func wantRetry(t *testing.T, s eventstore.Store, stream string, exp eventstore.ExpectedVersion, evs []eventstore.Envelope, orig eventstore.AppendResult) {
	t.Helper()
	before := readStream(t, s, stream)
	res, err := s.Append(ctxFor(t), stream, exp, evs)
	if err != nil {
		t.Fatalf("retrying the same %d events expecting %s: %v", len(evs), exp, err)
	}
	if res != orig {
		t.Errorf("retry returned %+v, want the original %+v", res, orig)
	}
	wantIDs(t, "stream after retry", readStream(t, s, stream), ids(before))
	if got := awaitAll(t, s, eventstore.Start, ids(evs)); len(got) != len(evs) {
		t.Errorf("global log holds %d of the retried events, want each exactly once (%d)", len(got), len(evs))
	}
}

func retryNoStream(t *testing.T, s eventstore.Store) {
	stream, evs := streamName("retry"), newEvents(t, 2)
	orig := mustAppend(t, s, stream, eventstore.NoStream, evs)
	wantRetry(t, s, stream, eventstore.NoStream, evs, orig)
}

func retryExact(t *testing.T, s eventstore.Store) {
	stream, evs := streamName("retry"), newEvents(t, 3)
	mustAppend(t, s, stream, eventstore.NoStream, newEvents(t, 2))
	orig := mustAppend(t, s, stream, eventstore.Exact(1), evs)
	wantRetry(t, s, stream, eventstore.Exact(1), evs, orig)
}

func retryAny(t *testing.T, s eventstore.Store) {
	stream, evs := streamName("retry"), newEvents(t, 2)
	mustAppend(t, s, stream, eventstore.Any, newEvents(t, 1))
	orig := mustAppend(t, s, stream, eventstore.Any, evs)
	wantRetry(t, s, stream, eventstore.Any, evs, orig)
}

// retryPartial: a batch that repeats one stored ID but adds a new event is
// not a retry; it must be refused and write nothing.
func retryPartial(t *testing.T, s eventstore.Store) {
	stream, evs := streamName("retry"), newEvents(t, 2)
	mustAppend(t, s, stream, eventstore.NoStream, evs)
	mixed := append([]eventstore.Envelope{evs[0]}, newEvents(t, 1)...)
	_, err := s.Append(ctxFor(t), stream, eventstore.NoStream, mixed)
	wantConflict(t, err)
	wantIDs(t, "stream after refused partial retry", readStream(t, s, stream), ids(evs))
	wantAbsent(t, s, ids(mixed[1:]))
}
