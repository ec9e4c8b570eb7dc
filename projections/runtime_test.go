package projections_test

import (
	"context"
	"testing"

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
