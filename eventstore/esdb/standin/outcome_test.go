package standin_test

import (
	"strings"
	"testing"
	"time"

	"github.com/kurrent-io/KurrentDB-Client-Go/kurrentdb"

	"github.com/klient-crm/klient/eventstore/esdb/standin"
)

// awaitStream waits until the stream shows n events (its writes committed).
func awaitStream(t *testing.T, c *kurrentdb.Client, stream string, n int) []*kurrentdb.RecordedEvent {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		got, _ := drain(c.ReadStream(ctxFor(t), stream, kurrentdb.ReadStreamOptions{}, 100))
		if len(got) >= n || time.Now().After(deadline) {
			return got
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// readStream reads the whole stream as it is now.
func readStream(t *testing.T, c *kurrentdb.Client, stream string) []*kurrentdb.RecordedEvent {
	t.Helper()
	got, err := drain(c.ReadStream(ctxFor(t), stream, kurrentdb.ReadStreamOptions{}, 100))
	if err != nil {
		t.Fatalf("read %s: %v", stream, err)
	}
	return got
}

// The cluster confirms a write late: the client gives up waiting while the
// write goes on to commit, and a resend that arrives before that is
// dropped without an answer, as the real leader drops an idempotent write
// not yet replicated. Once committed, the resend is answered with the
// original result.
func TestResendBeforeReplicationIsDropped(t *testing.T) {
	srv := standin.New(t, standin.Secure())
	srv.Cluster().DelayCommits(time.Second)
	c := connect(t, srv.ConnectionString()+"&defaultDeadline=150")
	evs := eventData(1)
	opts := kurrentdb.AppendToStreamOptions{StreamState: kurrentdb.NoStream{}}
	for _, attempt := range []string{"the original", "a resend before replication"} {
		if _, err := c.AppendToStream(ctxFor(t), "s", opts, evs...); errorCode(err) != kurrentdb.ErrorCodeDeadlineExceeded {
			t.Fatalf("%s: %v, want the client to time out", attempt, err)
		}
	}
	if got, err := drain(c.ReadStream(ctxFor(t), "s", kurrentdb.ReadStreamOptions{}, 10)); errorCode(err) != kurrentdb.ErrorCodeResourceNotFound {
		t.Errorf("before the commit the stream shows %d events (%v), want none", len(got), err)
	}
	committed := awaitStream(t, c, "s", 1)
	if len(committed) != 1 {
		t.Fatalf("the original never committed: %d events", len(committed))
	}
	res := appendTo(t, c, "s", kurrentdb.NoStream{}, evs)
	if res.CommitPosition != committed[0].Position.Commit {
		t.Errorf("the resend was answered at %d, want the original's %d", res.CommitPosition, committed[0].Position.Commit)
	}
	if got := readStream(t, c, "s"); len(got) != 1 {
		t.Errorf("the stream holds %d events after the resend, want 1", len(got))
	}
}

// A leader that cannot get the write confirmed within its commit timeout
// answers "Operation timed out" (Aborted), and the write commits all the
// same.
func TestCommitTimeoutAnswersTimedOutWhileTheWriteCommits(t *testing.T) {
	c, srv := client(t)
	srv.Cluster().SetCommitTimeout(100 * time.Millisecond)
	srv.Cluster().DelayCommits(300 * time.Millisecond)
	_, err := c.AppendToStream(ctxFor(t), "s", kurrentdb.AppendToStreamOptions{}, eventData(1)...)
	if errorCode(err) != kurrentdb.ErrorAborted || !strings.Contains(err.Error(), "Operation timed out") {
		t.Fatalf("append past the commit timeout: %v, want Aborted: Operation timed out", err)
	}
	if got := awaitStream(t, c, "s", 1); len(got) != 1 {
		t.Errorf("the timed-out write never committed: %d events", len(got))
	}
}

// A retry with expected version Any is recognised only while the leader
// still remembers the IDs it wrote: once forgotten, the same events are
// written a second time. NoStream and Exact retries are checked against
// the stream and are never written twice.
func TestAnyRetryIsIdempotentOnlyWhileRemembered(t *testing.T) {
	// Room for two entries of a two-letter stream name.
	c, _ := client(t, standin.IDCacheBytes(110))
	any, exact := eventData(1), eventData(1)
	appendTo(t, c, "s1", kurrentdb.NoStream{}, exact)
	appendTo(t, c, "s2", kurrentdb.Any{}, any)
	appendTo(t, c, "s2", kurrentdb.Any{}, any) // remembered: idempotent
	if got := readStream(t, c, "s2"); len(got) != 1 {
		t.Fatalf("a remembered Any retry left %d events, want 1", len(got))
	}
	appendTo(t, c, "s3", kurrentdb.Any{}, eventData(2)) // the leader forgets the oldest IDs
	appendTo(t, c, "s2", kurrentdb.Any{}, any)
	if got := readStream(t, c, "s2"); len(got) != 2 || got[0].EventID != got[1].EventID {
		t.Errorf("a forgotten Any retry left %d events, want the same event twice", len(got))
	}
	appendTo(t, c, "s1", kurrentdb.NoStream{}, exact)
	if got := readStream(t, c, "s1"); len(got) != 1 {
		t.Errorf("a NoStream retry after forgetting left %d events, want 1", len(got))
	}
}

// Each node remembers only what it wrote: after a leader change an Any
// retry is written a second time.
func TestAnyRetryOnANewLeaderIsWrittenAgain(t *testing.T) {
	cluster := standin.NewCluster(t, 2, standin.Secure())
	c := connect(t, cluster.ConnectionString())
	evs := eventData(1)
	appendTo(t, c, "s", kurrentdb.Any{}, evs)
	cluster.LoseLeader()
	deadline := time.Now().Add(10 * time.Second)
	for {
		_, err := c.AppendToStream(ctxFor(t), "s", kurrentdb.AppendToStreamOptions{StreamState: kurrentdb.Any{}}, evs...)
		if err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("append on the new leader: %v", err)
		}
	}
	if got := readStream(t, c, "s"); len(got) != 2 {
		t.Errorf("the Any retry on the new leader left %d events, want 2", len(got))
	}
}
