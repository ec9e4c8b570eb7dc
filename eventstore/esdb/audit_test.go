package esdb_test

import (
	"context"
	"testing"

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
func clusterBook(t *testing.T) eventstore.CheckpointBook {
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
