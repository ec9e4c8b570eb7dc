package projections_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/projections"
)

// A batch that keeps failing stops the projector: status failed with the
// reason, the checkpoint before the batch, none of its rows kept; a restart
// resumes from there.
func TestPoisonStopsProjector(t *testing.T) {
	t.Parallel()
	for _, mode := range []struct {
		name   string
		poison int32
		reason string
	}{{"error", 1, "refusing a poisoned event"}, {"panic", 2, "panic in projector"}} {
		t.Run(mode.name, func(t *testing.T) {
			t.Parallel()
			w := newWorld(t)
			good := w.appendTicks(10, 10)
			p := newTally(1)
			p.poison.Store(mode.poison)
			rt := w.runtime(p)
			stop := start(t, rt)
			waitFor(t, rt, "tally", good)
			bad := w.appendEvents(Ticked{N: 100}, Ticked{N: 101}, Poisoned{})

			st := waitForStatus(t, rt, "tally", projections.StatusFailed)
			if !strings.Contains(st.LastError, mode.reason) || !st.Position.Less(bad) {
				t.Fatalf("failed status = %+v, want reason %q and the checkpoint before %s", st, mode.reason, bad)
			}
			assertTally(t, w, int(st.EventsApplied)) // rows of the failed batch rolled back
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			var de *domain.Error
			if err := rt.WaitFor(ctx, "tally", bad); !errors.As(err, &de) || de.Code != "projections.failed" {
				t.Fatalf("WaitFor on a failed projector = %v, want code projections.failed", err)
			}
			time.Sleep(300 * time.Millisecond) // stays stopped: nothing retries behind our back
			if again := statusOf(t, rt, "tally"); again.Position != st.Position || again.Status != projections.StatusFailed {
				t.Fatalf("failed projector moved on: %+v", again)
			}

			stop()
			p.poison.Store(0) // the fix is deployed
			rt2 := w.runtime(p)
			start(t, rt2)
			waitForStatus(t, rt2, "tally", projections.StatusRunning)
			waitFor(t, rt2, "tally", bad)
			assertTally(t, w, 13)
			if st := statusOf(t, rt2, "tally"); st.Status != projections.StatusRunning || st.LastError != "" {
				t.Fatalf("after restart: %+v", st)
			}
		})
	}
}

func waitForStatus(t *testing.T, rt *projections.Runtime, name, status string) projections.ProjectorStatus {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if st := statusOf(t, rt, name); st.Status == status {
			return st
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("%s never reached status %s: %+v", name, status, statusOf(t, rt, name))
	return projections.ProjectorStatus{}
}

// A rebuild asked of a failed projector (here, or by the CLI) wakes its
// runner, which still holds the lock, and replays from the start.
func TestRebuildRecoversFailedProjector(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	p := newTally(1)
	p.poison.Store(1)
	server := w.runtime(p)
	start(t, server)
	w.readable(w.appendEvents(Ticked{N: 1}, Poisoned{}, Ticked{N: 2}))
	waitForStatus(t, server, "tally", projections.StatusFailed)

	p.poison.Store(0)
	rebuild(t, w.runtime(newTally(1)), 3) // from another process
	assertTally(t, w, 3)
	p.poison.Store(1)
	w.appendEvents(Poisoned{})
	waitForStatus(t, server, "tally", projections.StatusFailed)
	p.poison.Store(0)
	rebuild(t, server, 4) // from this one
	assertTally(t, w, 4)
}
