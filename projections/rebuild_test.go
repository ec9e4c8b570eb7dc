package projections_test

import (
	"context"
	"testing"
	"time"

	"github.com/klient-crm/klient/eventstore"
	"github.com/klient-crm/klient/projections"
)

func TestRebuild(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	w.readable(w.appendTicks(500, 100))
	cli := w.runtime(newTally(1)) // like `klient projections rebuild`: never runs

	rebuild(t, cli, 500) // nobody runs it: replayed in this process
	rebuild(t, cli, 500) // again: emptied first, so still once each
	assertTally(t, w, 500)

	server := w.runtime(newTally(1))
	start(t, server)
	waitForStatus(t, server, "tally", projections.StatusRunning)
	rebuild(t, cli, 500) // the server replays; the CLI follows
	assertTally(t, w, 500)
	rebuild(t, server, 500) // the runner itself is asked
	assertTally(t, w, 500)
	last := w.appendTicks(7, 7) // and it goes on live afterwards
	waitFor(t, server, "tally", last)
	assertTally(t, w, 507)
}

func rebuild(t *testing.T, rt *projections.Runtime, total uint64) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	var lastDone, lastTotal uint64
	err := rt.Rebuild(ctx, "tally", func(done, total uint64) {
		if done < lastDone {
			t.Errorf("progress went back from %d to %d", lastDone, done)
		}
		lastDone, lastTotal = done, total
	})
	must(t, err)
	if lastDone != total || lastTotal != total {
		t.Fatalf("last progress %d/%d, want %d/%d", lastDone, lastTotal, total, total)
	}
}

// A rebuild while a server runs the projector builds beside the serving
// tables (issue 11, item 14): readers go on seeing every event applied so
// far, the server goes on applying new ones, no page is told that the read
// model is being rebuilt, and at the end the rebuilt tables take the old
// ones' place holding every event exactly once.
func TestRebuildBesideKeepsServing(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	w.readable(w.appendTicks(500, 100))
	server := w.runtime(newTally(1))
	start(t, server)
	waitFor(t, server, "tally", w.appendTicks(1, 1))

	slow := newTally(1)
	slow.delay = 40 * time.Millisecond // ten batches: the rebuild takes a while
	cli := w.runtimeWith(slow, 50)
	done := make(chan error, 1)
	go func() { done <- cli.Rebuild(context.Background(), "tally", nil) }()

	appended, fewest := 501, 501
	var last eventstore.Position
	for running := true; running; {
		select {
		case err := <-done:
			must(t, err)
			running = false
		case <-time.After(15 * time.Millisecond):
			if appended < 521 {
				last = w.appendTicks(1, 1)
				appended++
			}
			fewest = min(fewest, queryInt(t, w.pool, `SELECT count(DISTINCT event_id) FROM tally_v1`))
			if names, err := server.Rebuilding(context.Background()); err != nil || len(names) > 0 {
				t.Fatalf("pages were told %v is rebuilding (%v)", names, err)
			}
		}
	}
	if fewest < 501 {
		t.Errorf("readers saw %d events during the rebuild, fewer than the 501 applied before it", fewest)
	}
	if slow.applies.Load() < 10 {
		t.Fatalf("the rebuild applied %d batches: it did not run beside the server", slow.applies.Load())
	}
	waitFor(t, server, "tally", last)
	assertTally(t, w, appended)
	if n := queryInt(t, w.pool, `SELECT count(*) FROM pg_namespace WHERE nspname = 'rebuild_tally'`); n != 0 {
		t.Error("the rebuild's schema is left behind")
	}
	if n := queryInt(t, w.pool, `SELECT count(*) FROM projector_checkpoints WHERE name <> 'tally'`); n != 0 {
		t.Error("the rebuild's checkpoint is left behind")
	}
	last = w.appendTicks(5, 5) // the server goes on into the rebuilt tables
	waitFor(t, server, "tally", last)
	assertTally(t, w, appended+5)
}

// A rebuild beside the serving tables that stops before its swap leaves
// no copy behind: later erasures would never reach it.
func TestStoppedRebuildBesideLeavesNoCopy(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	w.readable(w.appendTicks(500, 100))
	server := w.runtime(newTally(1))
	start(t, server)
	waitFor(t, server, "tally", w.appendTicks(1, 1))

	slow := newTally(1)
	slow.delay = 100 * time.Millisecond
	cli := w.runtimeWith(slow, 50)
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		for slow.applies.Load() < 2 {
			time.Sleep(10 * time.Millisecond)
		}
		cancel()
	}()
	if err := cli.Rebuild(ctx, "tally", nil); err == nil {
		t.Fatal("a cancelled rebuild reported success")
	}
	if n := queryInt(t, w.pool, `SELECT count(*) FROM pg_namespace WHERE nspname = 'rebuild_tally'`); n != 0 {
		t.Error("the stopped rebuild's schema is left behind")
	}
	if n := queryInt(t, w.pool, `SELECT count(*) FROM projector_checkpoints WHERE name <> 'tally'`); n != 0 {
		t.Error("the stopped rebuild's checkpoint is left behind")
	}
	assertTally(t, w, 501) // the serving tables are untouched
}
