package postgres

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/klient-crm/klient/eventstore"
)

// The chain's byte layout is written twice, as event_hash in SQL and as
// chainHasher in Go; they must agree byte for byte.
func TestChainLayoutAgreesInSQLAndGo(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pool := newPool(t, 2)
	prev := [HashSize]byte{1, 2, 3, 31: 0xff}
	cases := []struct {
		name string
		link ChainLink
		json string
	}{
		{"ascii", ChainLink{Stream: "contact-1", Version: 0, EventID: uuid.Must(uuid.NewV7()), Type: "contact.PersonRegistered", SchemaVersion: 1, Data: []byte(`{"a":1}`), Metadata: nil}, `{"actor":"staff-1"}`},
		{"unicode and empty data", ChainLink{Stream: "ärende-å", Version: 7, EventID: uuid.Must(uuid.NewV7()), Type: "typ.Ö", SchemaVersion: 3, Data: []byte{}, Metadata: nil}, `{"actor":"s","subjects":["ö"]}`},
		{"binary data", ChainLink{Stream: "s", Version: 1 << 40, EventID: uuid.Must(uuid.NewV7()), Type: "T", SchemaVersion: -2, Data: []byte{0, 255, 0, 10}, Metadata: nil}, `{"b": [1, 2], "a": {"z": null}}`},
		{"large data", ChainLink{Stream: "s", Version: 2, EventID: uuid.Must(uuid.NewV7()), Type: "T", SchemaVersion: 1, Data: []byte(strings.Repeat("x", 70000)), Metadata: nil}, `{}`},
	}
	for _, c := range cases {
		var sqlHash []byte
		var metadataText string
		err := pool.QueryRow(ctx, `SELECT event_hash($1, $2, $3, $4, $5, $6, $7, $8::jsonb), $8::jsonb::text`,
			prev[:], c.link.Stream, int64(c.link.Version), c.link.EventID, c.link.Type, c.link.SchemaVersion,
			c.link.Data, c.json).Scan(&sqlHash, &metadataText)
		if err != nil {
			t.Fatal(err)
		}
		c.link.Metadata = []byte(metadataText)
		if got := eventstore.ChainHash(prev, c.link); string(got[:]) != string(sqlHash) {
			t.Errorf("%s: Go %x, SQL %x", c.name, got, sqlHash)
		}
	}
}

// Every way of appending (new stream, one event or more, any, exact,
// batches) chains each event to the one before it in its stream.
func TestAppendChainsEveryEvent(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := newTestStore(t)
	appends := []struct {
		stream string
		exp    eventstore.ExpectedVersion
		n      int
	}{
		{"chain-a", eventstore.NoStream, 3}, {"chain-a", eventstore.Any, 2}, {"chain-a", eventstore.Exact(4), 1},
		{"chain-b", eventstore.Any, 1}, {"chain-b", eventstore.Exact(0), 4},
		{"chain-c", eventstore.NoStream, 1}, {"chain-c", eventstore.Exact(0), 2},
	}
	for _, a := range appends {
		if _, err := s.Append(ctx, a.stream, a.exp, benchEvents(a.n)); err != nil {
			t.Fatalf("append %d to %s: %v", a.n, a.stream, err)
		}
	}
	for stream, n := range map[string]int{"chain-a": 6, "chain-b": 5, "chain-c": 3} {
		checkStreamChain(t, s, stream, n)
	}
}

// checkStreamChain recomputes stream's chain in Go from the stored rows.
func checkStreamChain(t *testing.T, s *Store, stream string, n int) {
	t.Helper()
	rows, err := s.pool.Query(context.Background(), `SELECT `+walkColumns+` FROM events WHERE stream = $1 ORDER BY version`, stream)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var prev [HashSize]byte
	seen := 0
	for rows.Next() {
		r, err := scanWalkRow(rows)
		if err != nil {
			t.Fatal(err)
		}
		if prev = eventstore.ChainHash(prev, r.link); string(prev[:]) != string(r.stored) {
			t.Fatalf("%s version %d: stored %x, recomputed %x", stream, r.link.Version, r.stored, prev)
		}
		seen++
	}
	if seen != n {
		t.Fatalf("%s: %d events, want %d", stream, seen, n)
	}
}

func scanWalkRow(rows pgx.Rows) (*walkRow, error) {
	var r walkRow
	var xid, seq, version int64
	err := rows.Scan(&xid, &seq, &r.link.Stream, &version, &r.link.EventID, &r.link.Type,
		&r.link.SchemaVersion, &r.link.Data, &r.link.Metadata, &r.stored)
	r.pos, r.link.Version = position(xid, seq), uint64(version)
	return &r, err
}

// Writers racing for one stream queue on its row; each must link to the
// event its predecessor committed, which the append statement's own
// snapshot cannot see.
func TestConcurrentAppendsKeepTheChain(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := newStoreOn(t, newPool(t, 8))
	const writers, each = 8, 25
	var wg sync.WaitGroup
	for w := range writers {
		wg.Go(func() {
			for i := range each {
				if _, err := s.Append(ctx, "race", eventstore.Any, benchEvents(1+(w+i)%3)); err != nil {
					t.Error(fmt.Errorf("writer %d: %w", w, err))
					return
				}
			}
		})
	}
	wg.Wait()
	var n int
	if err := s.pool.QueryRow(ctx, `SELECT count(*) FROM events`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	checkStreamChain(t, s, "race", n)
}
