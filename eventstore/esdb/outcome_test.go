package esdb_test

import (
	"errors"
	"testing"
	"time"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/eventstore"
	"github.com/klient-crm/klient/eventstore/esdb/standin"
)

func wantOutcomeUnknown(t *testing.T, what string, err error) {
	t.Helper()
	if !errors.Is(err, eventstore.ErrOutcomeUnknown) || domain.KindOf(err) != domain.KindInternal {
		t.Fatalf("%s: %v, want ErrOutcomeUnknown", what, err)
	}
}

// awaitEvents waits until stream shows n events.
func awaitEvents(t *testing.T, s eventstore.Store, stream string, n int) []eventstore.Envelope {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		got, _ := s.ReadStream(ctxFor(t), stream, 0, 100)
		if len(got) >= n || time.Now().After(deadline) {
			return got
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// The answer of an append is lost while the write goes on to commit: the
// client times out, and so does a resend that arrives before the write is
// replicated (the server drops it). Both are ErrOutcomeUnknown, not a
// failure; once committed, the resend returns the original result and the
// events are in the stream once.
func TestLostAnswerIsOutcomeUnknownAndTheResendIsTheOriginal(t *testing.T) {
	srv := standin.New(t, standin.Secure())
	s := openStore(t, srv.ConnectionString()+"&defaultDeadline=150")
	srv.Cluster().DelayCommits(time.Second)
	evs := events(t, 2)
	_, err := s.Append(ctxFor(t), "matter-u", eventstore.NoStream, evs)
	wantOutcomeUnknown(t, "append whose answer is lost", err)
	_, err = s.Append(ctxFor(t), "matter-u", eventstore.NoStream, evs)
	wantOutcomeUnknown(t, "resend before replication", err)
	stored := awaitEvents(t, s, "matter-u", 2)
	wantIDs(t, stored, evs...)
	res := mustAppend(t, s, "matter-u", eventstore.NoStream, evs)
	if res.LastVersion != 1 || res.LastPosition != stored[1].Position {
		t.Errorf("the resend answered %+v, want the original (version 1 at %s)", res, stored[1].Position)
	}
	got, err := s.ReadStream(ctxFor(t), "matter-u", 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	wantIDs(t, got, evs...)
}

// The leader answers "Operation timed out" at its commit timeout (the
// write may still commit): ErrOutcomeUnknown too.
func TestCommitTimeoutIsOutcomeUnknown(t *testing.T) {
	s, srv := standinStore(t)
	srv.Cluster().SetCommitTimeout(100 * time.Millisecond)
	srv.Cluster().DelayCommits(300 * time.Millisecond)
	evs := events(t, 1)
	_, err := s.Append(ctxFor(t), "matter-t", eventstore.Exact(0), evs)
	if !errors.Is(err, eventstore.ErrWrongExpectedVersion) {
		t.Fatalf("append to a missing stream expecting version 0: %v, want a conflict, answered at once", err)
	}
	_, err = s.Append(ctxFor(t), "matter-t", eventstore.NoStream, evs)
	wantOutcomeUnknown(t, "append past the commit timeout", err)
	wantIDs(t, awaitEvents(t, s, "matter-t", 1), evs...)
}

// The leader is lost while an append waits for its confirmation: the
// connection breaks (ErrOutcomeUnknown); the write was replicated all the
// same, and the resend on the new leader finds it (a resend that arrives
// before that is dropped and waits out the client's deadline, here 1 s).
func TestLeaderLostDuringAnAppendIsOutcomeUnknown(t *testing.T) {
	cluster := standin.NewCluster(t, 3, standin.Secure())
	s := openStore(t, cluster.ConnectionString()+"&defaultDeadline=1000")
	cluster.DelayCommits(500 * time.Millisecond)
	evs := events(t, 1)
	lost := make(chan error, 1)
	go func() {
		_, err := s.Append(ctxFor(t), "matter-x", eventstore.NoStream, evs)
		lost <- err
	}()
	time.Sleep(100 * time.Millisecond)
	cluster.LoseLeader()
	wantOutcomeUnknown(t, "append on a leader that was lost", <-lost)
	cluster.DelayCommits(0)
	appendUntilAccepted(t, s, "matter-x", eventstore.NoStream, evs)
	wantIDs(t, awaitEvents(t, s, "matter-x", 1), evs...)
}
