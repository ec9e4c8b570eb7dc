package postgres

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/klient-crm/klient/eventstore"
)

// After --since, the walk starts at the checkpoint: events after it are
// checked, each stream linking to its last event before it.
func TestVerifySinceCheckpoint(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	l := newAuditedLog(t)
	for _, stream := range []string{"audit-a", "audit-d", "audit-a"} {
		if _, err := l.store.Append(ctx, stream, eventstore.Any, benchEvents(1)); err != nil {
			t.Fatal(err)
		}
	}
	since := VerifyOptions{Since: time.Now().Add(time.Hour)}
	if rep := l.verify(t, since); rep.Broken != nil || rep.Anchor.ID == 0 || rep.Events != 15-rep.Anchor.Events {
		t.Fatalf("since: %+v (broken %v)", rep, rep.Broken)
	}
	l.exec(t, `UPDATE events SET data = set_byte(data, 5, 66) WHERE stream = 'audit-a' AND version = 5`)
	expectBroken(t, l.verify(t, since), "audit-a", 5, "does not match")
}

// A stream's event just before the window is gone: its first event in the
// window has nothing to link to.
func TestVerifySinceFindsMissingPredecessor(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	l := newAuditedLog(t)
	if _, err := l.store.Append(ctx, "audit-b", eventstore.Any, benchEvents(1)); err != nil {
		t.Fatal(err)
	}
	l.exec(t, `DELETE FROM events WHERE stream = 'audit-b' AND version = 3`)
	expectBroken(t, l.verify(t, VerifyOptions{Since: time.Now().Add(time.Hour)}), "audit-b", 4, "version 3 of this stream is missing")
}

// In the global order a stream's version may come before its predecessor
// (two appends racing after taking their transaction IDs): the walk waits
// for the predecessor instead of calling it a gap. Moving committed events
// in that order is still caught by the checkpoint, whose digest follows it.
func TestVerifyFollowsVersionsOutOfGlobalOrder(t *testing.T) {
	t.Parallel()
	l := newAuditedLog(t)
	l.exec(t, `UPDATE events SET seq = -seq WHERE stream = 'audit-a' AND version IN (1, 2)`)
	l.exec(t, `UPDATE events e SET xid = o.xid, seq = o.seq FROM (
		SELECT version, xid, -seq AS seq FROM events WHERE stream = 'audit-a' AND version IN (1, 2)) o
		WHERE e.stream = 'audit-a' AND e.version IN (1, 2) AND o.version = 3 - e.version`)
	rep := l.verify(t, VerifyOptions{})
	if rep.Broken == nil || rep.Broken.Checkpoint == 0 || !strings.Contains(rep.Broken.Problem, "not the ones signed") {
		t.Fatalf("moved events under a checkpoint: %v", rep.Broken)
	}
	l.exec(t, `DELETE FROM audit_checkpoints`)
	if rep := l.verify(t, VerifyOptions{}); rep.Broken != nil || rep.Events != 12 {
		t.Fatalf("versions out of global order: %v", rep.Broken)
	}
}
