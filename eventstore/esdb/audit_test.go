package esdb_test

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/kurrent-io/KurrentDB-Client-Go/kurrentdb"

	"github.com/klient-crm/klient/eventstore"
	"github.com/klient-crm/klient/eventstore/esdb"
	"github.com/klient-crm/klient/eventstore/esdb/standin"
	"github.com/klient-crm/klient/eventstore/postgres"
	"github.com/klient-crm/klient/eventstore/storetest"
	"github.com/klient-crm/klient/internal/pgmigrate"
	"github.com/klient-crm/klient/internal/pgtest"
)

// TestAuditConformanceOnStandIn runs the tamper-evidence suite on the
// cluster's log: the events' chain in their metadata, the checkpoints in a
// real PostgreSQL database (audit_cluster_checkpoints), the tampering
// through the stand-in's hooks, which change its stored events as editing
// the cluster's chunk files would.
func TestAuditConformanceOnStandIn(t *testing.T) {
	storetest.RunAudit(t, func(t *testing.T) storetest.Audit {
		s, srv := standinStore(t)
		alter := func(t *testing.T, stream string, version uint64, change func(*standin.Stored)) {
			t.Helper()
			if !srv.Alter(stream, version, change) {
				t.Fatalf("no event %s@%d to alter", stream, version)
			}
		}
		flip := func(t *testing.T, stream string, version uint64) {
			alter(t, stream, version, func(e *standin.Stored) { e.Data[5] ^= 1 })
		}
		return storetest.Audit{Store: s, Log: s.Audited(clusterBook(t)),
			FlipDataByte: flip,
			Delete: func(t *testing.T, stream string, version uint64) {
				if !srv.Remove(stream, version) {
					t.Fatalf("no event %s@%d to remove", stream, version)
				}
			},
			Swap: func(t *testing.T, stream string, a, b uint64) {
				var first standin.Stored
				alter(t, stream, a, func(e *standin.Stored) { first = *e })
				alter(t, stream, b, func(e *standin.Stored) { first, *e = *e, first })
				alter(t, stream, a, func(e *standin.Stored) { *e = first })
			},
			Forge: func(t *testing.T, stream string, version uint64) {
				flip(t, stream, version)
				rechain(t, s, srv, stream)
			},
		}
	})
}

// clusterBook is the cluster checkpoints' table in a fresh database.
func clusterBook(t testing.TB) eventstore.CheckpointBook {
	t.Helper()
	pool := pgtest.NewPool(t)
	if _, err := pgmigrate.Apply(context.Background(), pool, postgres.ClusterCheckpointMigrations()); err != nil {
		t.Fatal(err)
	}
	return postgres.NewClusterCheckpoints(pool)
}

// rechain recomputes the chain fields of every event of stream.
func rechain(t *testing.T, s *esdb.Store, srv *standin.Server, stream string) {
	t.Helper()
	evs, err := s.ReadStream(ctxFor(t), stream, 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	var prev [eventstore.HashSize]byte
	for _, e := range evs {
		srv.Alter(stream, e.Version, func(st *standin.Stored) {
			var err error
			st.Metadata, prev, err = esdb.Rechained(prev, &kurrentdb.RecordedEvent{StreamID: stream, EventNumber: e.Version,
				EventID: st.ID, EventType: st.Type, Data: st.Data, UserMetadata: st.Metadata})
			if err != nil {
				t.Fatal(err)
			}
		})
	}
}

// Events the cluster holds from before the adapter chained events carry no
// hash: the first chained append to their stream links to the chain they
// would have had, verify hashes them and counts them, and a checkpoint
// covers them from then on — stripping a later event's hash to pass it off
// as one of them breaks the checkpoint.
func TestChainContinuesFromUnchainedEvents(t *testing.T) {
	s, srv := standinStore(t)
	cfg, err := kurrentdb.ParseConnectionString(srv.ConnectionString())
	if err != nil {
		t.Fatal(err)
	}
	raw, err := kurrentdb.NewClient(cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	stream := "contact-legacy"
	for i := range 2 {
		old := kurrentdb.EventData{EventID: uuid.Must(uuid.NewV7()), EventType: "contact.ContactArchived", ContentType: kurrentdb.ContentTypeJson,
			Data:     fmt.Appendf(nil, `{"i":%d}`, i),
			Metadata: []byte(`{"actor":"staff-old","occurred_at":"2025-01-01T00:00:00Z","schema_version":1}`)}
		if _, err := raw.AppendToStream(ctxFor(t), stream, kurrentdb.AppendToStreamOptions{}, old); err != nil {
			t.Fatal(err)
		}
	}
	mustAppend(t, s, stream, eventstore.Exact(1), events(t, 1))
	mustAppend(t, s, stream, eventstore.Any, events(t, 1))
	log := s.Audited(clusterBook(t))
	pub, key, _ := ed25519.GenerateKey(nil)
	verify := func() eventstore.VerifyReport {
		rep, err := log.Verify(ctxFor(t), eventstore.VerifyOptions{PublicKey: pub})
		if err != nil {
			t.Fatal(err)
		}
		return rep
	}
	if rep := verify(); rep.Broken != nil || rep.Events != 4 || rep.Unchained != 2 {
		t.Fatalf("before a checkpoint: %+v (broken %v)", rep, rep.Broken)
	}
	if cp, wrote, err := log.WriteCheckpoint(ctxFor(t), key); err != nil || !wrote || cp.Events != 4 {
		t.Fatalf("checkpoint: %+v, %v, %v", cp, wrote, err)
	}
	if rep := verify(); rep.Broken != nil || rep.Checkpoints != 1 {
		t.Fatalf("after a checkpoint: %+v (broken %v)", rep, rep.Broken)
	}
	srv.Alter(stream, 2, func(e *standin.Stored) {
		e.Metadata = append(e.Metadata[:bytes.LastIndex(e.Metadata, []byte(`,"chain_hash"`))], '}')
	})
	if rep := verify(); rep.Broken == nil || rep.Broken.Checkpoint == 0 || !strings.Contains(rep.Broken.Problem, "not the ones signed") {
		t.Fatalf("a stripped hash: %v", rep.Broken)
	}
}

// TestChainOnRealServer appends to a fresh stream of the server named by
// KLIENT_TEST_ESDB_URL and verifies its chain: the server must keep the
// metadata's bytes as written, which the chain relies on.
func TestChainOnRealServer(t *testing.T) {
	url := os.Getenv("KLIENT_TEST_ESDB_URL")
	if url == "" {
		t.Skip("KLIENT_TEST_ESDB_URL is not set")
	}
	s := openStore(t, url)
	stream := "chain-" + uuid.NewString()
	mustAppend(t, s, stream, eventstore.NoStream, events(t, 2))
	mustAppend(t, s, stream, eventstore.Exact(1), events(t, 1))
	mustAppend(t, s, stream, eventstore.Any, events(t, 2))
	rep, err := s.Audited(clusterBook(t)).Verify(ctxFor(t), eventstore.VerifyOptions{Stream: stream})
	if err != nil || rep.Broken != nil || rep.Events != 5 || rep.Unchained != 0 {
		t.Fatalf("verify: %+v (broken %v), %v", rep, rep.Broken, err)
	}
}

// The cluster restored from a backup taken before the last checkpoint was
// signed: verify names that checkpoint as past the log's end; a restore
// withdraws it (kept, marked), after which the log verifies, grows again
// from the backup's end, and is signed again.
func TestCheckpointPastARestoredClusterIsWithdrawn(t *testing.T) {
	s, srv := standinStore(t)
	pool := pgtest.NewPool(t)
	if _, err := pgmigrate.Apply(context.Background(), pool, postgres.ClusterCheckpointMigrations()); err != nil {
		t.Fatal(err)
	}
	book := postgres.NewClusterCheckpoints(pool)
	log := s.Audited(book)
	pub, key, _ := ed25519.GenerateKey(nil)
	verify := func() eventstore.VerifyReport {
		rep, err := log.Verify(ctxFor(t), eventstore.VerifyOptions{PublicKey: pub})
		if err != nil {
			t.Fatal(err)
		}
		return rep
	}
	sign := func(events uint64) {
		if cp, _, err := log.WriteCheckpoint(ctxFor(t), key); err != nil || cp.Events != events {
			t.Fatalf("checkpoint: %+v, %v; want %d events", cp, err, events)
		}
	}
	stream := "contact-" + uuid.NewString()
	mustAppend(t, s, stream, eventstore.NoStream, events(t, 3))
	sign(3)
	backedUp := srv.Records() // the cluster's backup
	mustAppend(t, s, stream, eventstore.Exact(2), events(t, 2))
	sign(5)
	srv.Truncate(backedUp) // restored from it
	rep := verify()
	if rep.Broken == nil || rep.Broken.Checkpoint != 2 || !strings.Contains(rep.Broken.Problem, "restored from a backup older than this checkpoint") {
		t.Fatalf("a checkpoint past the restored log: %v", rep.Broken)
	}
	withdrawn, err := log.WithdrawPastEnd(ctxFor(t))
	if err != nil || len(withdrawn) != 1 || withdrawn[0].ID != 2 {
		t.Fatalf("withdrawn: %+v, %v", withdrawn, err)
	}
	if rep := verify(); rep.Broken != nil || rep.Checkpoints != 1 || rep.Events != 3 {
		t.Fatalf("after the withdrawal: %+v (broken %v)", rep, rep.Broken)
	}
	var kept int
	if err := pool.QueryRow(context.Background(), `SELECT count(*) FROM audit_cluster_checkpoints WHERE withdrawn_at IS NOT NULL`).Scan(&kept); err != nil || kept != 1 {
		t.Fatalf("withdrawn checkpoints kept: %d, %v", kept, err)
	}
	mustAppend(t, s, stream, eventstore.Exact(2), events(t, 2))
	sign(5)
	if rep := verify(); rep.Broken != nil || rep.Checkpoints != 2 {
		t.Fatalf("grown and signed again: %+v (broken %v)", rep, rep.Broken)
	}
}

// A checkpoint's walk over $all runs outside the book's lock, so another
// writer may sign one meanwhile: the first writer's result is then not
// stored over it; it walks again from the newer checkpoint and signs what
// lies after it. The book stays one unbroken, verifiable sequence.
func TestCheckpointSignedMeanwhileIsBuiltOn(t *testing.T) {
	s, _ := standinStore(t)
	book := &racingBook{CheckpointBook: clusterBook(t)}
	pub, key, _ := ed25519.GenerateKey(nil)
	stream := "contact-" + uuid.NewString()
	mustAppend(t, s, stream, eventstore.NoStream, events(t, 3))
	// The rival signs the first three events after this writer walked them
	// and before it stores its result; then two more events arrive.
	book.before = func() {
		if _, wrote, err := s.Audited(book.CheckpointBook).WriteCheckpoint(ctxFor(t), key); err != nil || !wrote {
			t.Fatalf("rival checkpoint: %v, %v", wrote, err)
		}
		mustAppend(t, s, stream, eventstore.Exact(2), events(t, 2))
	}
	cp, wrote, err := s.Audited(book).WriteCheckpoint(ctxFor(t), key)
	if err != nil || !wrote || cp.Events != 5 || cp.ID != 2 {
		t.Fatalf("checkpoint after a rival's: %+v, wrote %v, %v; want the second, over 5 events", cp, wrote, err)
	}
	if book.calls != 2 {
		t.Fatalf("the book was asked %d times, want twice (refused once, then stored)", book.calls)
	}
	rep, err := s.Audited(book.CheckpointBook).Verify(ctxFor(t), eventstore.VerifyOptions{PublicKey: pub})
	if err != nil || rep.Broken != nil || rep.Checkpoints != 2 || rep.Events != 5 {
		t.Fatalf("verify: %+v (broken %v), %v", rep, rep.Broken, err)
	}
}

// racingBook runs before once, just before the first Extend.
type racingBook struct {
	eventstore.CheckpointBook
	before func()
	calls  int
}

func (b *racingBook) Extend(ctx context.Context, next func(eventstore.Checkpoint) (eventstore.Checkpoint, bool, error)) (eventstore.Checkpoint, bool, error) {
	b.calls++
	if b.calls == 1 && b.before != nil {
		b.before()
	}
	return b.CheckpointBook.Extend(ctx, next)
}

// A command appends at the version it loaded, and the usual version is the
// one this process wrote last: that append chains onto the hash it kept and
// reads nothing from the node. When another writer has moved the stream,
// the node refuses the kept version as it would any stale one, and an
// append at the new version reads the predecessor's hash again. Every
// chain verifies.
func TestExactAppendAfterOwnAppendReadsNothing(t *testing.T) {
	s, srv := standinStore(t)
	other := openStore(t, srv.ConnectionString())
	stream := "contact-" + uuid.NewString()
	reads := func() int {
		n := 0
		for _, c := range srv.Calls() {
			if c.Method == "Read" {
				n++
			}
		}
		return n
	}
	mustAppend(t, s, stream, eventstore.NoStream, events(t, 3))
	before := reads()
	mustAppend(t, s, stream, eventstore.Exact(2), events(t, 2))
	if got := reads() - before; got != 0 {
		t.Fatalf("an append at the version this process wrote made %d reads, want none", got)
	}
	mustAppend(t, other, stream, eventstore.Exact(4), events(t, 1)) // another instance; it reads event 4
	if _, err := s.Append(ctxFor(t), stream, eventstore.Exact(4), events(t, 1)); !errors.Is(err, eventstore.ErrWrongExpectedVersion) {
		t.Fatalf("an append at a version another writer passed: %v, want wrong expected version", err)
	}
	mustAppend(t, s, stream, eventstore.Exact(5), events(t, 1))
	rep, err := s.Audited(clusterBook(t)).Verify(ctxFor(t), eventstore.VerifyOptions{Stream: stream})
	if err != nil || rep.Broken != nil || rep.Events != 7 {
		t.Fatalf("verify the stream: %+v (broken %v), %v", rep, rep.Broken, err)
	}
}
