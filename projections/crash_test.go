package projections_test

import (
	"context"
	"os"
	"os/exec"
	"syscall"
	"testing"
	"time"
)

// Environment of the child process TestCrashConsistency starts.
const (
	childRole   = "KLIENT_PROJECTIONS_CRASH_CHILD"
	childDSN    = "KLIENT_PROJECTIONS_CRASH_DSN"
	childKeyDir = "KLIENT_PROJECTIONS_CRASH_KEYS"
)

const crashEvents = 3000

// A projector process killed with SIGKILL in the middle of its work loses
// nothing and doubles nothing: the rows it committed match its checkpoint,
// and a restart applies every remaining event exactly once.
func TestCrashConsistency(t *testing.T) {
	if os.Getenv(childRole) != "" {
		runCrashChild(t)
		return
	}
	t.Parallel()
	w := newWorld(t)
	keyDir := w.keyDir
	last := w.appendTicks(crashEvents, 250)

	child := exec.Command(os.Args[0], "-test.run", "^TestCrashConsistency$", "-test.count=1")
	child.Env = append(os.Environ(), childRole+"=1", childDSN+"="+w.dsn, childKeyDir+"="+keyDir)
	child.Stdout, child.Stderr = os.Stderr, os.Stderr
	must(t, child.Start())
	applied := waitUntilApplied(t, w, crashEvents/4)
	waitForOpenBatch(t, w)
	must(t, child.Process.Signal(syscall.SIGKILL))
	_ = child.Wait()
	t.Logf("killed the projector after it had committed %d of %d events", applied, crashEvents)

	n := queryInt(t, w.pool, `SELECT events_applied FROM projector_checkpoints WHERE name = 'tally'`)
	if n >= crashEvents {
		t.Fatalf("the child finished (%d events) before it was killed: slow it down", n)
	}
	assertTally(t, w, n) // what was committed is exactly what the checkpoint says

	rt := w.runtime(newTally(1))
	start(t, rt)
	waitFor(t, rt, "tally", last)
	assertTally(t, w, crashEvents)
}

// runCrashChild runs the tally projector slowly until it is killed.
func runCrashChild(t *testing.T) {
	w := openWorld(t, os.Getenv(childDSN), os.Getenv(childKeyDir))
	p := newTally(1)
	p.delay = 15 * time.Millisecond
	rt := w.runtimeWith(p, 40)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	_ = rt.Run(ctx)
	t.Fatal("the crash child was not killed")
}

func waitUntilApplied(t *testing.T, w *world, atLeast int) int {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		var n int
		_ = w.pool.QueryRow(context.Background(), `SELECT events_applied FROM projector_checkpoints WHERE name = 'tally'`).Scan(&n)
		if n >= atLeast {
			return n
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("the child never applied %d events", atLeast)
	return 0
}

// waitForOpenBatch returns while the child holds a batch transaction open
// (it sleeps inside Apply), so that the kill lands in the middle of one.
func waitForOpenBatch(t *testing.T, w *world) {
	t.Helper()
	for i := 0; i < 1000; i++ {
		if queryInt(t, w.pool, `SELECT count(*) FROM pg_stat_activity
			WHERE datname = current_database() AND state = 'idle in transaction'`) > 0 {
			return
		}
		time.Sleep(time.Millisecond)
	}
	t.Fatal("never caught the child inside a batch")
}
