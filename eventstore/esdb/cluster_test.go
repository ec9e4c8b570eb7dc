package esdb_test

import (
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/klient-crm/klient/eventstore"
	"github.com/klient-crm/klient/eventstore/esdb/standin"
	"github.com/klient-crm/klient/eventstore/storetest"
)

// The conformance suite through gossip, on a three-node cluster whose
// followers refuse every call: each must reach the leader.
func TestConformanceOnStandInCluster(t *testing.T) {
	if testing.Short() {
		t.Skip("the suite on one node runs in -short")
	}
	storetest.Run(t, func(t *testing.T) eventstore.Store {
		return openStore(t, standin.NewCluster(t, 3, standin.Secure()).ConnectionString())
	})
}

// Named a follower alone (no gossip), the adapter follows its NotLeader
// to the leader, which then serves every call.
func TestStoreOnAFollowerFollowsTheLeader(t *testing.T) {
	cluster := standin.NewCluster(t, 2, standin.Secure())
	s := openStore(t, cluster.Followers()[0].ConnectionString())
	evs := events(t, 2)
	mustAppend(t, s, "matter-f", eventstore.NoStream, evs)
	got, err := s.ReadStream(ctxFor(t), "matter-f", 0, 10)
	if err != nil {
		t.Fatal(err)
	}
	wantIDs(t, got, evs...)
	if !slices.ContainsFunc(cluster.Leader().Calls(), func(c standin.Call) bool { return c.Method == "Append" }) {
		t.Error("the leader never saw the append")
	}
}

// appendUntilAccepted resends the same events (same IDs, same expected
// version) until the cluster answers: a resend after a lost answer is the
// original append again, not a second one.
func appendUntilAccepted(t *testing.T, s eventstore.Store, stream string, exp eventstore.ExpectedVersion, evs []eventstore.Envelope) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		_, err := s.Append(ctxFor(t), stream, exp, evs)
		if err == nil {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("append to %s still failing: %v", stream, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// The leader is lost: reads go on at once on the new leader found through
// gossip, and an append goes through once resent, written once.
func TestStoreFollowsANewLeaderAfterTheLeaderIsLost(t *testing.T) {
	cluster := standin.NewCluster(t, 3, standin.Secure())
	s := openStore(t, cluster.ConnectionString())
	first, second := events(t, 1), events(t, 1)
	mustAppend(t, s, "matter-l", eventstore.NoStream, first)
	_, leader := cluster.LoseLeader()
	got, err := s.ReadStream(ctxFor(t), "matter-l", 0, 10)
	if err != nil {
		t.Fatalf("read after the leader was lost: %v", err)
	}
	wantIDs(t, got, first...)
	appendUntilAccepted(t, s, "matter-l", eventstore.Exact(0), second)
	got, err = s.ReadStream(ctxFor(t), "matter-l", 0, 10)
	if err != nil {
		t.Fatal(err)
	}
	wantIDs(t, got, append(first, second...)...)
	if !slices.ContainsFunc(leader.Calls(), func(c standin.Call) bool { return c.Method == "Append" }) {
		t.Error("the new leader never saw the append")
	}
}

// A leader change during a live subscription ends it with an error (the
// projections runtime then subscribes again from its checkpoint); the new
// subscription from the last event delivered goes on on the new leader
// with the next event, exactly once.
func TestSubscriptionResumesFromItsCheckpointOnTheNewLeader(t *testing.T) {
	cluster := standin.NewCluster(t, 3, standin.Secure())
	s := openStore(t, cluster.ConnectionString())
	sub, err := s.SubscribeAll(ctxFor(t), eventstore.Start)
	if err != nil {
		t.Fatal(err)
	}
	defer sub.Close()
	before, after := events(t, 1), events(t, 1)
	mustAppend(t, s, "matter-s", eventstore.NoStream, before)
	checkpoint := next(t, sub)
	wantIDs(t, []eventstore.Envelope{checkpoint}, before...)
	cluster.LoseLeader()
	if _, err := sub.Next(ctxFor(t)); err == nil || errors.Is(err, eventstore.ErrSubscriptionClosed) {
		t.Fatalf("Next after the leader was lost: %v, want the drop", err)
	}
	appendUntilAccepted(t, s, "matter-s", eventstore.Exact(0), after)
	again, err := s.SubscribeAll(ctxFor(t), checkpoint.Position)
	if err != nil {
		t.Fatalf("subscribe again from the checkpoint: %v", err)
	}
	defer again.Close()
	wantIDs(t, []eventstore.Envelope{next(t, again)}, after...)
}
