package postgres

import (
	"context"
	"crypto/ed25519"
	"testing"
	"time"

	"github.com/klient-crm/klient/eventstore"
)

// auditedLog is a small log of interleaved streams with a checkpoint over
// all of it, ready to be tampered with.
type auditedLog struct {
	store *Store
	key   ed25519.PrivateKey
	pub   ed25519.PublicKey
}

// newAuditedLog appends four events to each of three streams, round
// robin, and signs a checkpoint over the twelve.
func newAuditedLog(t *testing.T) *auditedLog {
	t.Helper()
	pub, key, err := ed25519.GenerateKey(nil)
	if err != nil {
		t.Fatal(err)
	}
	l := &auditedLog{store: newTestStore(t), key: key, pub: pub}
	for range 4 {
		for _, stream := range []string{"audit-a", "audit-b", "audit-c"} {
			if _, err := l.store.Append(context.Background(), stream, eventstore.Any, benchEvents(1)); err != nil {
				t.Fatal(err)
			}
		}
	}
	l.checkpointAll(t, 12)
	return l
}

// checkpointAll writes one checkpoint over the first n events. Other tests
// on the same server can hold the read horizon back for a moment, so it
// waits until all n lie below it: a first checkpoint over only some of
// them would make the tests' tamperings show at that one instead.
func (l *auditedLog) checkpointAll(t *testing.T, n uint64) Checkpoint {
	t.Helper()
	ctx := context.Background()
	deadline := time.Now().Add(30 * time.Second)
	for {
		var below uint64
		if err := l.store.pool.QueryRow(ctx, `SELECT count(*) FROM events WHERE xid < `+horizon).Scan(&below); err != nil {
			t.Fatal(err)
		}
		if below >= n {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d of %d events below the read horizon", below, n)
		}
		time.Sleep(20 * time.Millisecond)
	}
	cp, _, err := l.store.WriteCheckpoint(ctx, l.key)
	if err != nil {
		t.Fatal(err)
	}
	if cp.Events != n {
		t.Fatalf("checkpoint covers %d events, want %d", cp.Events, n)
	}
	return cp
}

func (l *auditedLog) exec(t *testing.T, sql string, args ...any) {
	t.Helper()
	if _, err := l.store.pool.Exec(context.Background(), sql, args...); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
}

func (l *auditedLog) verify(t *testing.T, opts VerifyOptions) VerifyReport {
	t.Helper()
	if opts.PublicKey == nil {
		opts.PublicKey = l.pub
	}
	rep, err := l.store.Verify(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

// rehash recomputes the stored hashes of stream as a database
// administrator covering their tracks would.
func (l *auditedLog) rehash(t *testing.T, stream string) {
	t.Helper()
	l.exec(t, `DO $$ DECLARE r record; prev bytea := decode(repeat('00', 32), 'hex'); BEGIN
		FOR r IN SELECT * FROM events WHERE stream = '`+stream+`' ORDER BY version LOOP
			prev := event_hash(prev, r.stream, r.version, r.event_id, r.type, r.schema_version, r.data, r.metadata);
			UPDATE events SET hash = prev WHERE xid = r.xid AND seq = r.seq;
		END LOOP; END $$`)
}
