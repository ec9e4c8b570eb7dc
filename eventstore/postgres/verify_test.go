package postgres

import (
	"crypto/ed25519"
	"strings"
	"testing"
	"time"
)

func TestVerifyUntouchedLog(t *testing.T) {
	t.Parallel()
	l := newAuditedLog(t)
	var progressed uint64
	rep := l.verify(t, VerifyOptions{Progress: func(done, _ uint64) { progressed = done }})
	if rep.Broken != nil || rep.Events != 12 || rep.Streams != 3 || rep.Checkpoints < 1 || progressed != 12 {
		t.Fatalf("report %+v (broken %v), progress %d", rep, rep.Broken, progressed)
	}
	if rep := l.verify(t, VerifyOptions{Stream: "audit-b"}); rep.Broken != nil || rep.Events != 4 {
		t.Fatalf("one stream: %+v (broken %v)", rep, rep.Broken)
	}
	if rep := l.verify(t, VerifyOptions{Since: time.Now().Add(time.Hour)}); rep.Broken != nil || rep.Anchor.ID == 0 || rep.Events != 0 {
		t.Fatalf("since the checkpoint: %+v (broken %v)", rep, rep.Broken)
	}
}

// Each alteration is found, at the event it touched.
func TestVerifyFindsAlteredEvents(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ name, sql string }{
		{"data byte", `UPDATE events SET data = set_byte(data, 5, get_byte(data, 5) # 1) WHERE stream = 'audit-b' AND version = 1`},
		{"metadata", `UPDATE events SET metadata = jsonb_set(metadata, '{actor}', '"staff-other"') WHERE stream = 'audit-b' AND version = 1`},
		{"type", `UPDATE events SET type = 'SomethingElse' WHERE stream = 'audit-b' AND version = 1`},
		{"hash", `UPDATE events SET hash = sha256(hash) WHERE stream = 'audit-b' AND version = 1`},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			l := newAuditedLog(t)
			l.exec(t, c.sql)
			expectBroken(t, l.verify(t, VerifyOptions{}), "audit-b", 1, "does not match")
			expectBroken(t, l.verify(t, VerifyOptions{Stream: "audit-b"}), "audit-b", 1, "does not match")
		})
	}
}

func TestVerifyFindsDeletedMiddleEvent(t *testing.T) {
	t.Parallel()
	l := newAuditedLog(t)
	l.exec(t, `DELETE FROM events WHERE stream = 'audit-a' AND version = 1`)
	expectBroken(t, l.verify(t, VerifyOptions{}), "audit-a", 2, "version 1 of this stream is missing")
	expectBroken(t, l.verify(t, VerifyOptions{Stream: "audit-a"}), "audit-a", 2, "version 1 of this stream is missing")
}

// Removing a stream's last event (and its trace in streams) leaves every
// chain whole; the signed checkpoint still counts it.
func TestVerifyFindsDeletedLastEventByCheckpoint(t *testing.T) {
	t.Parallel()
	l := newAuditedLog(t)
	l.exec(t, `DELETE FROM events WHERE stream = 'audit-b' AND version = 3`)
	l.exec(t, `UPDATE streams SET last_version = 2 WHERE stream = 'audit-b'`)
	rep := l.verify(t, VerifyOptions{})
	if rep.Broken == nil || rep.Broken.Checkpoint == 0 || !strings.Contains(rep.Broken.Problem, "were signed: events were removed") {
		t.Fatalf("got %+v", rep.Broken)
	}
}

// Without a checkpoint over it, the streams row still gives a removed
// last event away.
func TestVerifyFindsDeletedLastEventByStreamHead(t *testing.T) {
	t.Parallel()
	l := newAuditedLog(t)
	l.exec(t, `DELETE FROM audit_checkpoints`)
	l.exec(t, `DELETE FROM events WHERE stream = 'audit-c' AND version = 3`)
	expectBroken(t, l.verify(t, VerifyOptions{}), "audit-c", 3, "events at its end were removed")
}

func TestVerifyFindsSwappedVersions(t *testing.T) {
	t.Parallel()
	l := newAuditedLog(t)
	l.exec(t, `UPDATE events SET version = 1000 WHERE stream = 'audit-c' AND version = 1`)
	l.exec(t, `UPDATE events SET version = 1 WHERE stream = 'audit-c' AND version = 2`)
	l.exec(t, `UPDATE events SET version = 2 WHERE stream = 'audit-c' AND version = 1000`)
	expectBroken(t, l.verify(t, VerifyOptions{}), "audit-c", 1, "does not match")
}

// A rewrite that recomputes the chain passes every hash check; only the
// signature it cannot redo gives it away.
func TestVerifyFindsRehashedRewriteByCheckpoint(t *testing.T) {
	t.Parallel()
	l := newAuditedLog(t)
	l.exec(t, `UPDATE events SET data = set_byte(data, 5, 65) WHERE stream = 'audit-a' AND version = 2`)
	l.rehash(t, "audit-a")
	rep := l.verify(t, VerifyOptions{})
	if rep.Broken == nil || rep.Broken.Checkpoint == 0 || !strings.Contains(rep.Broken.Problem, "not the ones signed") {
		t.Fatalf("got %+v", rep.Broken)
	}
}

func TestVerifyFindsForgedCheckpoint(t *testing.T) {
	t.Parallel()
	l := newAuditedLog(t)
	l.exec(t, `UPDATE audit_checkpoints SET event_count = event_count - 1`)
	if rep := l.verify(t, VerifyOptions{}); rep.Broken == nil || !strings.Contains(rep.Broken.Problem, "signature") {
		t.Fatalf("forged count: %+v", rep.Broken)
	}
	other, _, _ := ed25519.GenerateKey(nil)
	if rep := l.verify(t, VerifyOptions{PublicKey: other, Stream: "audit-a"}); rep.Broken == nil || rep.Broken.Checkpoint == 0 {
		t.Fatalf("another key: %+v", rep.Broken)
	}
}

func expectBroken(t *testing.T, rep VerifyReport, stream string, version uint64, problem string) {
	t.Helper()
	b := rep.Broken
	if b == nil {
		t.Fatalf("verification passed; want a broken link at %s version %d", stream, version)
	}
	if b.Stream != stream || b.Version != version || !strings.Contains(b.Problem, problem) {
		t.Fatalf("broken link %s; want %s version %d: %q", b, stream, version, problem)
	}
}
