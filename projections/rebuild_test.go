package projections_test

import (
	"context"
	"testing"
	"time"

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
