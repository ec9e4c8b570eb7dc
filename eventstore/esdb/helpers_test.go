package esdb_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/klient-crm/klient/eventstore"
	"github.com/klient-crm/klient/eventstore/esdb"
	"github.com/klient-crm/klient/eventstore/esdb/standin"
)

// openStore connects an adapter to connectionString and closes it at the
// end of the test.
func openStore(t *testing.T, connectionString string) *esdb.Store {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	s, err := esdb.New(ctx, connectionString)
	if err != nil {
		t.Fatalf("connect: %v", err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

// standinStore is an adapter on a fresh secure stand-in node, with the
// server handle.
func standinStore(t *testing.T, opts ...standin.Option) (*esdb.Store, *standin.Server) {
	t.Helper()
	srv := standin.New(t, append([]standin.Option{standin.Secure()}, opts...)...)
	return openStore(t, srv.ConnectionString()), srv
}

func events(t *testing.T, n int) []eventstore.Envelope {
	t.Helper()
	out := make([]eventstore.Envelope, n)
	for i := range out {
		id, err := uuid.NewV7()
		if err != nil {
			t.Fatal(err)
		}
		out[i] = eventstore.Envelope{ID: id, Type: "SmokeTested", SchemaVersion: 2,
			Data:     fmt.Appendf(nil, `{"i": %d}`, i),
			Metadata: eventstore.Metadata{Actor: "staff-smoke", OccurredAt: time.Now()}}
	}
	return out
}

func ctxFor(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(t.Context(), 20*time.Second)
	t.Cleanup(cancel)
	return ctx
}

func mustAppend(t *testing.T, s eventstore.Store, stream string, exp eventstore.ExpectedVersion, evs []eventstore.Envelope) eventstore.AppendResult {
	t.Helper()
	res, err := s.Append(ctxFor(t), stream, exp, evs)
	if err != nil {
		t.Fatalf("append to %s: %v", stream, err)
	}
	return res
}

func wantIDs(t *testing.T, got []eventstore.Envelope, want ...eventstore.Envelope) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("got %d events, want %d", len(got), len(want))
	}
	for i := range got {
		if got[i].ID != want[i].ID {
			t.Errorf("event %d is %s, want %s", i, got[i].ID, want[i].ID)
		}
	}
}
