package projections_test

import (
	"context"
	"strings"
	"testing"

	"github.com/klient-crm/klient/projections"
)

// The event log restored from an older backup than the read models: the
// projector's checkpoint lies past the log's end. Subscribed from there it
// would skip, silently, every event written until the log passed it again;
// it refuses to start instead, says why and how to mend it, and runs again
// once rebuilt.
func TestCheckpointPastTheEndOfTheLogRefusesToStart(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	first := w.runtime(newTally(1))
	stop := start(t, first)
	w.readable(w.appendTicks(3, 1))
	waitFor(t, first, "tally", w.appendTicks(1, 1))
	stop()
	// The older log: only the first tick survives the restore.
	if _, err := w.pool.Exec(context.Background(),
		`DELETE FROM events WHERE (xid, seq) > (SELECT xid, seq FROM events ORDER BY xid, seq LIMIT 1)`); err != nil {
		t.Fatal(err)
	}

	restored := w.runtime(newTally(1))
	start(t, restored)
	st := waitForStatus(t, restored, "tally", projections.StatusFailed)
	for _, says := range []string{"past the end of the event log", "klient projections rebuild tally"} {
		if !strings.Contains(st.LastError, says) {
			t.Errorf("last error %q does not say %q", st.LastError, says)
		}
	}
	rebuild(t, restored, 1)
	assertTally(t, w, 1)
	waitFor(t, restored, "tally", w.appendTicks(1, 1))
	assertTally(t, w, 2)
}

// Before serving, the runtime asks every checkpoint whether it is a place
// in the log: read models ahead of a restored log are refused in one line
// that names them and the remedy, and pass once rebuilt.
func TestCheckInLogRefusesReadModelsAheadOfTheLog(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	w := newWorld(t)
	first := w.runtime(newTally(1))
	stop := start(t, first)
	w.readable(w.appendTicks(3, 1))
	waitFor(t, first, "tally", w.appendTicks(1, 1))
	stop()
	if err := first.CheckInLog(ctx); err != nil {
		t.Fatalf("read models in step with the log: %v", err)
	}
	if _, err := w.pool.Exec(ctx,
		`DELETE FROM events WHERE (xid, seq) > (SELECT xid, seq FROM events ORDER BY xid, seq LIMIT 1)`); err != nil {
		t.Fatal(err)
	}
	restored := w.runtime(newTally(1))
	err := restored.CheckInLog(ctx)
	if err == nil || strings.Contains(err.Error(), "\n") {
		t.Fatalf("read models ahead of the log: %v", err)
	}
	for _, says := range []string{"tally", "past the end of the event log", "run `klient projections rebuild`"} {
		if !strings.Contains(err.Error(), says) {
			t.Errorf("%q does not say %q", err, says)
		}
	}
	rebuild(t, restored, 1)
	if err := restored.CheckInLog(ctx); err != nil {
		t.Fatalf("after the rebuild: %v", err)
	}
}
