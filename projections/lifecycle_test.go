package projections_test

import (
	"context"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/klient-crm/klient/eventstore"
	"github.com/klient-crm/klient/projections"
)

func TestVersionBumpRebuilds(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	last := w.appendTicks(300, 50)
	rt := w.runtime(newTally(1))
	stop := start(t, rt)
	waitFor(t, rt, "tally", last)
	stop()

	rt2 := w.runtime(newTally(2))
	start(t, rt2)
	waitFor(t, rt2, "tally", last)
	if n := queryInt(t, w.pool, `SELECT count(*) FROM tally_v2`); n != 300 {
		t.Fatalf("tally_v2 has %d rows, want 300", n)
	}
	if n := queryInt(t, w.pool, `SELECT count(*) FROM pg_tables WHERE tablename = 'tally_v1'`); n != 0 {
		t.Fatal("tally_v1 survived the version bump")
	}
	if st := statusOf(t, rt2, "tally"); st.StoredVersion != 2 || st.EventsApplied != 300 {
		t.Fatalf("status after bump: %+v", st)
	}
}

func TestWaitFor(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	runner := w.runtime(newTally(1))
	onlooker := w.runtime(newTally(1)) // never runs: polls the table
	if setUp, err := runner.SetUp(context.Background()); err != nil || setUp {
		t.Fatalf("set up before the first run: %v, %v", setUp, err)
	}
	start(t, runner)
	pos := w.appendTicks(3, 3)
	waitFor(t, runner, "tally", pos)
	waitFor(t, onlooker, "tally", pos)
	if n := queryInt(t, w.pool, `SELECT count(*) FROM tally_v1`); n != 3 {
		t.Fatalf("WaitFor returned before the rows were visible: %d rows", n)
	}
	if setUp, err := onlooker.SetUp(context.Background()); err != nil || !setUp {
		t.Fatalf("set up once running: %v, %v", setUp, err)
	}
	if setUp, _ := w.runtime(newTally(2)).SetUp(context.Background()); setUp {
		t.Fatal("a new version counts as set up before its tables exist")
	}

	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	future := eventstore.Position{Commit: pos.Commit + 1000}
	if err := onlooker.WaitFor(ctx, "tally", future); err == nil || !strings.Contains(err.Error(), "not reached") {
		t.Fatalf("WaitFor past the log's end = %v, want a timeout", err)
	}
	if err := runner.WaitFor(context.Background(), "nosuch", pos); err == nil {
		t.Fatal("WaitFor on an unknown projector succeeded")
	}
}

// Two instances share a database: one runs the projector, the other stands
// by and takes over when the first stops; no event is applied twice.
func TestSingleRunnerAcrossInstances(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	a, b := w.runtime(newTally(1)), w.runtime(newTally(1))
	stopA := start(t, a)
	waitForStatus(t, a, "tally", projections.StatusRunning)
	stopB := start(t, b)
	var stopped atomic.Bool
	writing := make(chan struct{})
	go func() { // keep writing while the runner changes; t.Fatal is not for goroutines
		defer close(writing)
		for !stopped.Load() {
			evs := []eventstore.Envelope{w.encode(Ticked{N: 1}), w.encode(Ticked{N: 2})}
			_, _ = w.store.Append(context.Background(), "tick-"+uuid.NewString(), eventstore.NoStream, evs)
			time.Sleep(5 * time.Millisecond)
		}
	}()
	// b has polled for the lock many times by when a has applied a
	// hundred of the writer's events.
	eventually(t, "a applies the writer's events", func() bool { return queryInt(t, w.pool, `SELECT count(*) FROM tally_v1`) >= 100 })
	if sa, sb := statusOf(t, a, "tally"), statusOf(t, b, "tally"); !sa.RunningHere || sb.RunningHere {
		t.Fatalf("runs here: a=%v b=%v; want only a", sa.RunningHere, sb.RunningHere)
	}
	stopA()
	eventually(t, "b takes over after a stopped", func() bool { return statusOf(t, b, "tally").RunningHere })
	stopped.Store(true)
	<-writing // an append still in flight would land after the count below
	last := w.appendTicks(1, 1)
	waitFor(t, b, "tally", last)
	n := queryInt(t, w.pool, `SELECT count(*) FROM tally_v1`)
	assertTally(t, w, n)
	stopB()
}

// eventually polls ok until it holds, and fails the test after ten seconds.
func eventually(t *testing.T, what string, ok func() bool) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); !ok(); time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("%s: not within ten seconds", what)
		}
	}
}
