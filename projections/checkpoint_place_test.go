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
