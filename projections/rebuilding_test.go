package projections_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/klient-crm/klient/projections"
)

// A read model that replays the log from its start — the first run on a
// log already written, a new version, `klient projections catchup`, an
// offline `klient projections rebuild` — is incomplete until it reaches
// the log's head, and must say so all that while: pages show their
// banner and the analysts' views refuse to answer (docs/reporting.md)
// from Rebuilding, not only before the first batch (found trying the
// analysts' schema during a catch-up: it counted a third of the contacts
// and said nothing). Once caught up it runs, and says so.
func TestRebuildingUntilCaughtUp(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	last := w.appendTicks(500, 100)
	w.readable(last)
	watcher := w.runtime(newTally(1))
	rebuilding := func() bool {
		names, err := watcher.Rebuilding(context.Background())
		must(t, err)
		return slices.Contains(names, "tally")
	}
	// sawPartway watches until run ends: whenever the read model holds some
	// but not all of the log, it must be listed as rebuilding.
	sawPartway := func(run func() error) {
		t.Helper()
		done := make(chan error, 1)
		go func() { done <- run() }()
		partway := 0
		for ended := false; !ended; {
			select {
			case err := <-done:
				must(t, err)
				ended = true
			case <-time.After(10 * time.Millisecond):
				held := func() int {
					if queryInt(t, w.pool, `SELECT count(*) FROM pg_tables WHERE tablename = 'tally_v1'`) == 0 {
						return 0
					}
					return queryInt(t, w.pool, `SELECT count(*) FROM tally_v1`)
				}
				if n := held(); n > 0 && n < 500 {
					partway++
					// The status is read before the rows are counted again:
					// the last batch may commit in between (rows and
					// checkpoint together), and only a model still partial
					// after a "not rebuilding" is a fault.
					if !rebuilding() {
						if after := held(); after < 500 {
							t.Fatalf("the read model holds %d of 500 events and is not listed as rebuilding", after)
						}
					}
				}
			}
		}
		if partway == 0 {
			t.Fatal("never saw the read model partway: the test proves nothing")
		}
	}

	slow := newTally(1)
	slow.delay = 40 * time.Millisecond // ten batches of 50
	server := w.runtimeWith(slow, 50)
	stop := start(t, server)
	sawPartway(func() error {
		ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
		defer cancel()
		return server.WaitFor(ctx, "tally", last)
	})
	waitForStatus(t, server, "tally", projections.StatusRunning)
	if rebuilding() {
		t.Fatal("caught up, the read model is still listed as rebuilding")
	}
	stop()

	cli := w.runtimeWith(slow, 50) // `klient projections rebuild` with no server running
	sawPartway(func() error { return cli.Rebuild(context.Background(), "tally", nil) })
	if rebuilding() {
		t.Fatal("rebuilt, the read model is still listed as rebuilding")
	}
	assertTally(t, w, 500)
}
