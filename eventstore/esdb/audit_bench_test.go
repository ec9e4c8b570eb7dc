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

// BenchmarkChainedAppend: what the chain costs an append on the cluster.
// NoStream needs no read (version 0 links to zeros); Exact reads its
// predecessor first, one more round trip to the leader. On the in-process
// stand-in a round trip is loopback gRPC; on a cluster add the network's.
//
//	go test -run '^$' -bench ChainedAppend -benchtime 2000x ./eventstore/esdb/
func BenchmarkChainedAppend(b *testing.B) {
	ctx := context.Background()
	s := benchStore(b)
	b.Run("NoStream", func(b *testing.B) {
		for range b.N {
			if _, err := s.Append(ctx, "bench-"+uuid.NewString(), eventstore.NoStream, benchEvents(b, 1)); err != nil {
				b.Fatal(err)
			}
		}
	})
	// Streams of up to 20 events: the stand-in copies a stream's records
	// on every read, which a long stream would make the figure's.
	b.Run("Exact", func(b *testing.B) {
		var stream string
		for i := range b.N {
			if i%20 == 0 {
				b.StopTimer()
				stream = "bench-" + uuid.NewString()
				if _, err := s.Append(ctx, stream, eventstore.NoStream, benchEvents(b, 1)); err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
			}
			if _, err := s.Append(ctx, stream, eventstore.Exact(uint64(i%20)), benchEvents(b, 1)); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkVerifyOnStandIn verifies a log of 20,000 events in 200 streams
// and reports events per second.
//
//	go test -run '^$' -bench VerifyOnStandIn -benchtime 3x ./eventstore/esdb/
func BenchmarkVerifyOnStandIn(b *testing.B) {
	ctx := context.Background()
	s := benchStore(b)
	const streams, perAppend, appends = 200, 20, 5
	for i := range streams {
		stream := fmt.Sprintf("bench-%d-%s", i, uuid.NewString())
		for v := range appends {
			exp := eventstore.NoStream
			if v > 0 {
				exp = eventstore.Exact(uint64(v*perAppend - 1))
			}
			if _, err := s.Append(ctx, stream, exp, benchEvents(b, perAppend)); err != nil {
				b.Fatal(err)
			}
		}
	}
	log := s.Audited(clusterBook(b))
	b.ResetTimer()
	began := time.Now()
	for range b.N {
		rep, err := log.Verify(ctx, eventstore.VerifyOptions{})
		if err != nil || rep.Broken != nil || rep.Events != streams*perAppend*appends {
			b.Fatalf("verify: %+v, %v", rep, err)
		}
	}
	b.ReportMetric(float64(b.N*streams*perAppend*appends)/time.Since(began).Seconds(), "events/s")
}

func benchStore(b *testing.B) *esdb.Store {
	srv := standin.New(b)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	s, err := esdb.New(ctx, srv.ConnectionString())
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = s.Close() })
	return s
}

func benchEvents(b *testing.B, n int) []eventstore.Envelope {
	out := make([]eventstore.Envelope, n)
	for i := range out {
		out[i] = eventstore.Envelope{ID: uuid.Must(uuid.NewV7()), Type: "contact.ContactArchived", SchemaVersion: 1,
			Data:     fmt.Appendf(nil, `{"contact_id":%q,"sealed":"%064d"}`, uuid.NewString(), i),
			Metadata: eventstore.Metadata{Actor: "staff-bench", OccurredAt: time.Now(), Subjects: []string{uuid.NewString()}}}
	}
	return out
}
