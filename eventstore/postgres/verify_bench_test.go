package postgres

import (
	"context"
	"crypto/ed25519"
	"fmt"
	"testing"
	"time"
)

// BenchmarkVerify walks a log of a million events (100,000 streams of ten
// ~600-byte events) under one signed checkpoint: every hash recomputed,
// every chain followed, the digest checked. The issue asks for at least
// 50,000 events/s. Run with -benchtime 1x: loading the log takes a while.
func BenchmarkVerify(b *testing.B) {
	const streams, perStream = 100_000, 10
	ctx := context.Background()
	s := newStoreOn(b, newPool(b, 4))
	start := time.Now()
	bulkChainedEvents(b, s, streams, perStream)
	pub, key, _ := ed25519.GenerateKey(nil)
	if _, _, err := s.WriteCheckpoint(ctx, key); err != nil {
		b.Fatal(err)
	}
	b.Logf("loaded and checkpointed %d events in %s", streams*perStream, time.Since(start).Round(time.Millisecond))
	b.Run(fmt.Sprintf("events=%d", streams*perStream), func(b *testing.B) {
		var events uint64
		for range b.N {
			rep, err := s.Verify(ctx, VerifyOptions{PublicKey: pub})
			if err != nil || rep.Broken != nil || rep.Checkpoints != 1 {
				b.Fatalf("verify: %v %+v", err, rep.Broken)
			}
			events += rep.Events
		}
		b.ReportMetric(float64(events)/b.Elapsed().Seconds(), "events/s")
	})
}

// bulkChainedEvents writes streams × perStream events straight into the
// tables, one version of every stream per statement, hashing each with
// event_hash onto its predecessor: what appends would have stored.
func bulkChainedEvents(b *testing.B, s *Store, streams, perStream int) {
	ctx := context.Background()
	for v := range perStream {
		_, err := s.pool.Exec(ctx, `INSERT INTO events (event_id, stream, version, type, schema_version, data, metadata, hash)
			SELECT n.id, n.stream, $2::bigint, 'BenchmarkRan', 1, $3::bytea, n.md,
				event_hash(coalesce(p.hash, decode(repeat('00', 32), 'hex')), n.stream, $2::bigint, n.id, 'BenchmarkRan', 1, $3::bytea, n.md)
			FROM (SELECT 'bench-' || i AS stream, gen_random_uuid() AS id,
				jsonb_build_object('actor', 'staff-bench', 'occurred_at', now()) AS md
				FROM generate_series(1, $1::int) AS i) n
			LEFT JOIN events p ON p.stream = n.stream AND p.version = $2::bigint - 1`,
			streams, v, benchPayload)
		if err != nil {
			b.Fatal(err)
		}
	}
	_, err := s.pool.Exec(ctx, `INSERT INTO streams (stream, last_version)
		SELECT 'bench-' || i, $2::bigint - 1 FROM generate_series(1, $1::int) AS i`, streams, perStream)
	if err != nil {
		b.Fatal(err)
	}
}
