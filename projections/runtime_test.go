package projections_test

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/klient-crm/klient/eventstore"
	"github.com/klient-crm/klient/projections"
)

func TestCatchUpThenLive(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	history := w.appendTicks(1200, 100)
	p := newTally(1)
	rt := w.runtime(p)
	start(t, rt)

	waitFor(t, rt, "tally", history)
	if n := queryInt(t, w.pool, `SELECT count(*) FROM tally_v1`); n != 1200 {
		t.Fatalf("after catch-up: %d rows, want 1200", n)
	}
	if p.applies.Load() >= 1200 {
		t.Errorf("catch-up took %d batches for 1200 events: not batched", p.applies.Load())
	}
	var last eventstore.Position
	for i := 0; i < 5; i++ {
		last = w.appendTicks(1, 1)
		waitFor(t, rt, "tally", last)
	}
	assertTally(t, w, 1205)
	st := statusOf(t, rt, "tally")
	if st.Position != last || st.EventsApplied != 1205 || st.Lag != 0 || st.Status != projections.StatusRunning || !st.RunningHere || !st.Running {
		t.Errorf("status = %+v, want position %s, 1205 applied, no lag, running here", st, last)
	}
}

// assertTally checks that every event was applied exactly once and that the
// checkpoint counted the same events the rows show.
func assertTally(t *testing.T, w *world, want int) {
	t.Helper()
	rows := queryInt(t, w.pool, `SELECT count(*) FROM tally_v1`)
	distinct := queryInt(t, w.pool, `SELECT count(DISTINCT event_id) FROM tally_v1`)
	applied := queryInt(t, w.pool, `SELECT events_applied FROM projector_checkpoints WHERE name = 'tally'`)
	if rows != want || distinct != want || applied != want {
		t.Fatalf("tally: %d rows, %d distinct, checkpoint counted %d; want %d each", rows, distinct, applied, want)
	}
}

func statusOf(t *testing.T, rt *projections.Runtime, name string) projections.ProjectorStatus {
	t.Helper()
	all, err := rt.Status(context.Background())
	must(t, err)
	for _, s := range all {
		if s.Name == name {
			return s
		}
	}
	t.Fatalf("no status for %s", name)
	return projections.ProjectorStatus{}
}

// readCounter is an event store without LogCounter (as the EventStoreDB
// adapter is) that counts the reads of the log.
type readCounter struct {
	eventstore.Store
	reads atomic.Int64
}

func (c *readCounter) ReadAll(ctx context.Context, from eventstore.Position, limit int) ([]eventstore.Envelope, error) {
	c.reads.Add(1)
	return c.Store.ReadAll(ctx, from, limit)
}

// Health, which /readyz asks, reads checkpoints and locks only: counting
// the lag pages through the whole log on a store that cannot count, and
// during a catch-up that made pods flap (issue 13).
func TestHealthNeverReadsTheLog(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	w.readable(w.appendTicks(300, 100))
	store := &readCounter{Store: w.store}
	rt, err := projections.New(projections.Config{Pool: w.pool, Store: store, Codec: w.codec,
		Projectors: []projections.Projector{newTally(1)}, Logger: testLogger(t), LockRetry: 200 * time.Millisecond})
	must(t, err)
	health, err := rt.Health(context.Background())
	must(t, err)
	if len(health) != 1 || health[0].Name != "tally" || store.reads.Load() != 0 {
		t.Fatalf("Health = %+v after %d reads of the log, want tally's and none", health, store.reads.Load())
	}
	status, err := rt.Status(context.Background())
	must(t, err)
	if status[0].Lag != 300 || store.reads.Load() == 0 {
		t.Fatalf("Status lag %d after %d reads, want 300 counted by reading", status[0].Lag, store.reads.Load())
	}
}
