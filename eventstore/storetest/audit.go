package storetest

import (
	"context"
	"crypto/ed25519"
	"strings"
	"testing"
	"time"

	"github.com/klient-crm/klient/eventstore"
)

// Audit is what the tamper-evidence conformance test needs of one store: a
// fresh store, its audited log (eventstore.Audited), and ways to change the
// stored log behind the store's back, as someone with access to its files
// or tables could.
type Audit struct {
	Store eventstore.Store
	Log   eventstore.Audited
	// FlipDataByte changes one byte of the stored data of stream's event
	// at version.
	FlipDataByte func(t *testing.T, stream string, version uint64)
	// Delete removes stream's event at version, leaving the others.
	Delete func(t *testing.T, stream string, version uint64)
	// Swap exchanges stream's events at versions a and b: each keeps its
	// ID, type, data and metadata, and takes the other's place.
	Swap func(t *testing.T, stream string, a, b uint64)
	// Forge changes one byte of the data of stream's event at version and
	// recomputes its stored hash and those of the stream's later events, as
	// someone covering their tracks who knows the hash's definition would.
	Forge func(t *testing.T, stream string, version uint64)
}

// auditStreams are the test log's streams: four events each, round robin.
var auditStreams = []string{"audit-a", "audit-b", "audit-c"}

// RunAudit checks that a store's hash chains and signed checkpoints give
// every kind of tampering away, naming the stream and version that were
// touched (or, for a rewrite that recomputed the hashes, the checkpoint
// whose signature it cannot redo). newAudit gives each sub-test a fresh,
// empty store.
func RunAudit(t *testing.T, newAudit func(t *testing.T) Audit) {
	t.Helper()
	cases := []struct {
		name   string
		tamper func(t *testing.T, a Audit, names map[string]string)
		check  func(t *testing.T, l *auditedLog)
	}{
		{"untouched log verifies", nil, func(t *testing.T, l *auditedLog) {
			rep := l.verify(t, eventstore.VerifyOptions{})
			if rep.Broken != nil || rep.Events != 12 || rep.Streams != 3 || rep.Checkpoints < 1 || !rep.Signatures {
				t.Fatalf("report %+v (broken %v)", rep, rep.Broken)
			}
			if rep := l.verify(t, eventstore.VerifyOptions{Stream: l.names["audit-b"]}); rep.Broken != nil || rep.Events != 4 {
				t.Fatalf("one stream: %+v (broken %v)", rep, rep.Broken)
			}
			if rep := l.verify(t, eventstore.VerifyOptions{Since: time.Now().Add(time.Hour)}); rep.Broken != nil || rep.Anchor.ID == 0 || rep.Events != 0 {
				t.Fatalf("since the checkpoint: %+v (broken %v)", rep, rep.Broken)
			}
		}},
		{"altered data", func(t *testing.T, a Audit, n map[string]string) { a.FlipDataByte(t, n["audit-b"], 1) },
			func(t *testing.T, l *auditedLog) {
				l.wantBroken(t, eventstore.VerifyOptions{}, "audit-b", 1, "does not match")
				l.wantBroken(t, eventstore.VerifyOptions{Stream: l.names["audit-b"]}, "audit-b", 1, "does not match")
			}},
		{"deleted middle event", func(t *testing.T, a Audit, n map[string]string) { a.Delete(t, n["audit-a"], 1) },
			func(t *testing.T, l *auditedLog) {
				l.wantBroken(t, eventstore.VerifyOptions{}, "audit-a", 2, "version 1 of this stream is missing")
				l.wantBroken(t, eventstore.VerifyOptions{Stream: l.names["audit-a"]}, "audit-a", 2, "version 1 of this stream is missing")
			}},
		{"reordered events", func(t *testing.T, a Audit, n map[string]string) { a.Swap(t, n["audit-c"], 1, 2) },
			func(t *testing.T, l *auditedLog) {
				l.wantBroken(t, eventstore.VerifyOptions{Stream: l.names["audit-c"]}, "audit-c", 1, "does not match")
				l.wantBroken(t, eventstore.VerifyOptions{}, "audit-c", 1, "does not match")
			}},
		{"forged chain", func(t *testing.T, a Audit, n map[string]string) { a.Forge(t, n["audit-a"], 2) },
			func(t *testing.T, l *auditedLog) {
				if rep := l.verify(t, eventstore.VerifyOptions{Stream: l.names["audit-a"]}); rep.Broken != nil {
					t.Fatalf("the forged chain itself holds, as a rewrite that recomputes hashes makes it: %v", rep.Broken)
				}
				rep := l.verify(t, eventstore.VerifyOptions{})
				if rep.Broken == nil || rep.Broken.Checkpoint == 0 || !strings.Contains(rep.Broken.Problem, "not the ones signed") {
					t.Fatalf("forged chain under a signed checkpoint: %v", rep.Broken)
				}
			}},
		{"since a checkpoint", func(t *testing.T, a Audit, n map[string]string) {
			mustAppend(t, a.Store, n["audit-a"], eventstore.Any, newEvents(t, 1))
			mustAppend(t, a.Store, streamName("audit-d"), eventstore.NoStream, newEvents(t, 1))
			mustAppend(t, a.Store, n["audit-a"], eventstore.Any, newEvents(t, 1))
		}, func(t *testing.T, l *auditedLog) {
			since := eventstore.VerifyOptions{Since: time.Now().Add(time.Hour)}
			if rep := l.verify(t, since); rep.Broken != nil || rep.Anchor.ID == 0 || rep.Events != 3 {
				t.Fatalf("the events after the checkpoint: %+v (broken %v)", rep, rep.Broken)
			}
			l.audit.FlipDataByte(t, l.names["audit-a"], 5)
			l.wantBroken(t, since, "audit-a", 5, "does not match")
		}},
		{"another key", nil, func(t *testing.T, l *auditedLog) {
			other, _, _ := ed25519.GenerateKey(nil)
			rep := l.verify(t, eventstore.VerifyOptions{PublicKey: other})
			if rep.Broken == nil || rep.Broken.Checkpoint == 0 || !strings.Contains(rep.Broken.Problem, "signature") {
				t.Fatalf("checkpoint under another key: %v", rep.Broken)
			}
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			a := newAudit(t)
			l := newAuditedLog(t, a)
			if c.tamper != nil {
				c.tamper(t, a, l.names)
			}
			c.check(t, l)
		})
	}
}

// auditedLog is a store holding four events in each of three streams
// (named uniquely, so the suite may share a log) and a checkpoint over all
// twelve.
type auditedLog struct {
	audit Audit
	pub   ed25519.PublicKey
	names map[string]string // auditStreams → this log's stream names
	back  map[string]string
}

func newAuditedLog(t *testing.T, a Audit) *auditedLog {
	t.Helper()
	pub, key, err := ed25519.GenerateKey(nil)
	if err != nil {
		t.Fatal(err)
	}
	l := &auditedLog{audit: a, pub: pub, names: map[string]string{}, back: map[string]string{}}
	for _, s := range auditStreams {
		l.names[s] = streamName(s)
		l.back[l.names[s]] = s
	}
	for range 4 {
		for _, s := range auditStreams {
			mustAppend(t, a.Store, l.names[s], eventstore.Any, newEvents(t, 1))
		}
	}
	// A store may sign only what lies below its read horizon, which other
	// tests' writes can hold back a moment: sign until all twelve are in.
	deadline := time.Now().Add(30 * time.Second)
	for {
		cp, _, err := a.Log.WriteCheckpoint(ctxFor(t), key)
		if err != nil {
			t.Fatal(err)
		}
		if cp.Events == 12 {
			return l
		}
		if time.Now().After(deadline) {
			t.Fatalf("the checkpoint covers %d of the 12 events", cp.Events)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func (l *auditedLog) verify(t *testing.T, opts eventstore.VerifyOptions) eventstore.VerifyReport {
	t.Helper()
	if opts.PublicKey == nil {
		opts.PublicKey = l.pub
	}
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	defer cancel()
	rep, err := l.audit.Log.Verify(ctx, opts)
	if err != nil {
		t.Fatalf("verify: %v", err)
	}
	return rep
}

// wantBroken verifies and expects the first broken link at stream's event
// at version, with problem in its description.
func (l *auditedLog) wantBroken(t *testing.T, opts eventstore.VerifyOptions, stream string, version uint64, problem string) {
	t.Helper()
	rep := l.verify(t, opts)
	b := rep.Broken
	if b == nil {
		t.Fatalf("verification (%+v) passed; want a broken link at %s version %d", opts, stream, version)
	}
	if l.back[b.Stream] != stream || b.Version != version || !strings.Contains(b.Problem, problem) || b.Checkpoint != 0 {
		t.Fatalf("broken link %s; want %s version %d: %q", b, l.names[stream], version, problem)
	}
}
