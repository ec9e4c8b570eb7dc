package postgres

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/klient-crm/klient/eventstore"
)

// benchPayload is a typical sealed event body: about 600 bytes of JSON.
var benchPayload = []byte(`{"contact":"` + strings.Repeat("q", 580) + `"}`)

var benchWriters = []int{1, 4}

// BenchmarkRawInsert is the ceiling: a single-row INSERT into a table
// identical to events (columns, defaults, indexes), no stream check.
func BenchmarkRawInsert(b *testing.B) {
	insert := rawInserter(b, newPool(b, 8))
	for _, w := range benchWriters {
		b.Run(fmt.Sprintf("writers=%d", w), func(b *testing.B) {
			runWriters(b, w, 1, insert)
		})
	}
}

// rawInserter makes raw_events next to events and returns an operation that
// inserts one ~600-byte event into it.
func rawInserter(b *testing.B, pool *pgxpool.Pool) func(context.Context) error {
	if _, err := pool.Exec(context.Background(), `CREATE TABLE raw_events (LIKE events INCLUDING ALL)`); err != nil {
		b.Fatal(err)
	}
	const insert = `INSERT INTO raw_events (event_id, stream, version, type, schema_version, data, metadata)
		VALUES ($1, $2, 0, 'BenchmarkRan', 1, $3, $4)`
	md, err := encodeMetadata(eventstore.Metadata{Actor: "staff-bench", OccurredAt: time.Now()})
	if err != nil {
		b.Fatal(err)
	}
	return func(ctx context.Context) error {
		id := uuid.Must(uuid.NewV7())
		_, err := pool.Exec(ctx, insert, id, "raw-"+id.String(), benchPayload, md)
		return err
	}
}

// BenchmarkAppend: single-event appends to distinct new streams.
func BenchmarkAppend(b *testing.B) { benchAppend(b, 1) }

// BenchmarkAppend10: ten-event appends to distinct new streams.
func BenchmarkAppend10(b *testing.B) { benchAppend(b, 10) }

// BenchmarkAppendToStreams: single-event appends to 64 streams that
// already exist (Any), taken in turn: what changes to a contact or a matter
// cost, as opposed to the creations BenchmarkAppend measures.
func BenchmarkAppendToStreams(b *testing.B) {
	s := newStoreOn(b, newPool(b, 8))
	const streams = 64
	for i := range streams {
		if _, err := s.Append(context.Background(), fmt.Sprintf("bench-existing-%d", i), eventstore.NoStream, benchEvents(1)); err != nil {
			b.Fatal(err)
		}
	}
	var turn atomic.Int64
	appendTo := func(ctx context.Context) error {
		_, err := s.Append(ctx, fmt.Sprintf("bench-existing-%d", turn.Add(1)%streams), eventstore.Any, benchEvents(1))
		return err
	}
	for _, w := range benchWriters {
		b.Run(fmt.Sprintf("writers=%d", w), func(b *testing.B) { runWriters(b, w, 1, appendTo) })
	}
}

func benchAppend(b *testing.B, size int) {
	appendNew := appender(newStoreOn(b, newPool(b, 8)), size)
	for _, w := range benchWriters {
		b.Run(fmt.Sprintf("writers=%d", w), func(b *testing.B) {
			runWriters(b, w, size, appendNew)
		})
	}
}

// appender returns an operation that appends size events to a new stream.
func appender(s *Store, size int) func(context.Context) error {
	return func(ctx context.Context) error {
		evs := benchEvents(size)
		_, err := s.Append(ctx, "bench-"+evs[0].ID.String(), eventstore.NoStream, evs)
		return err
	}
}

func benchEvents(n int) []eventstore.Envelope {
	evs := make([]eventstore.Envelope, n)
	for i := range evs {
		evs[i] = eventstore.Envelope{
			ID: uuid.Must(uuid.NewV7()), Type: "BenchmarkRan", SchemaVersion: 1, Data: benchPayload,
			Metadata: eventstore.Metadata{Actor: "staff-bench", OccurredAt: time.Now()},
		}
	}
	return evs
}

// runWriters shares b.N operations among `writers` goroutines and reports
// the events written per second.
func runWriters(b *testing.B, writers, eventsPerOp int, op func(context.Context) error) {
	ctx := context.Background()
	var next atomic.Int64
	var wg sync.WaitGroup
	b.ResetTimer()
	start := time.Now()
	for range writers {
		wg.Go(func() {
			for next.Add(1) <= int64(b.N) {
				if err := op(ctx); err != nil {
					b.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
	b.ReportMetric(float64(b.N*eventsPerOp)/time.Since(start).Seconds(), "events/s")
}
