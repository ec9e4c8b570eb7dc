package standin_test

import (
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/kurrent-io/KurrentDB-Client-Go/kurrentdb"
	"github.com/kurrent-io/KurrentDB-Client-Go/protos/kurrentdb/protocols/v1/gossip"

	"github.com/klient-crm/klient/eventstore/esdb/standin"
)

// Ported from the official client's test/cluster_test.go
// (TestNotLeaderExceptionButWorkAfterRetry), on an append that requires
// the leader instead of creating a persistent subscription: a client that
// prefers followers lands on one; the follower answers NotLeader with the
// leader's address, and the client's next call goes to the leader.
func TestNotLeaderExceptionButWorkAfterRetry(t *testing.T) {
	cluster := standin.NewCluster(t, 3, standin.Secure())
	c := connect(t, cluster.ConnectionString()+"&nodepreference=follower")
	opts := kurrentdb.AppendToStreamOptions{RequiresLeader: true}
	_, err := c.AppendToStream(ctxFor(t), "s", opts, eventData(1)...)
	if errorCode(err) != kurrentdb.ErrorCodeNotLeader {
		t.Fatalf("first append through a follower: %v, want NotLeader", err)
	}
	if _, err := c.AppendToStream(ctxFor(t), "s", opts, eventData(1)...); err != nil {
		t.Fatalf("second append: %v, want it to reach the leader", err)
	}
	if !slices.ContainsFunc(cluster.Leader().Calls(), func(c standin.Call) bool { return c.Method == "Append" }) {
		t.Error("the leader never saw the append")
	}
}

// Ported from the official client's test/cluster_test.go
// (TestReadStreamAfterClusterRebalanced): the leader is lost; within a few
// attempts the client has found the new one through gossip.
func TestReadStreamAfterClusterRebalanced(t *testing.T) {
	cluster := standin.NewCluster(t, 3, standin.Secure())
	c := connect(t, cluster.ConnectionString())
	readMissing := func() error {
		_, err := drain(c.ReadStream(ctxFor(t), "nobody", kurrentdb.ReadStreamOptions{}, 10))
		if errorCode(err) == kurrentdb.ErrorCodeResourceNotFound {
			return nil
		}
		return err
	}
	if err := readMissing(); err != nil {
		t.Fatal(err)
	}
	_, leader := cluster.LoseLeader()
	var err error
	for range 10 {
		if err = readMissing(); err == nil {
			break
		}
	}
	if err != nil {
		t.Fatalf("still failing after 10 reads: %v", err)
	}
	if calls := leader.Calls(); len(calls) == 0 || calls[len(calls)-1].Method != "Read" {
		t.Errorf("the new leader did not serve the read: %+v", calls)
	}
}

// Why requires-leader matters: without it a follower forwards writes to the
// leader and answers reads from its own copy, which may lag; an append that
// expects the version read there then fails on a conflict that is not there.
func TestFollowerServesStaleReadsWithoutRequiresLeader(t *testing.T) {
	cluster := standin.NewCluster(t, 2)
	follower := cluster.Followers()[0]
	c := connect(t, follower.ConnectionString()+"&nodepreference=follower")
	appendTo(t, c, "matter", kurrentdb.NoStream{}, eventData(1)) // forwarded to the leader
	cluster.HoldReplication()
	leader := connect(t, cluster.Leader().ConnectionString())
	appendTo(t, leader, "matter", kurrentdb.Revision(0), eventData(1))
	stale, err := drain(c.ReadStream(ctxFor(t), "matter", kurrentdb.ReadStreamOptions{}, 10))
	if err != nil || len(stale) != 1 {
		t.Fatalf("the follower's copy: %d events, %v; want the one replicated before the hold", len(stale), err)
	}
	_, err = c.AppendToStream(ctxFor(t), "matter", kurrentdb.AppendToStreamOptions{StreamState: kurrentdb.Revision(stale[0].EventNumber)}, eventData(1)...)
	if errorCode(err) != kurrentdb.ErrorCodeWrongExpectedVersion {
		t.Errorf("append expecting the stale version: %v, want the false conflict", err)
	}
	cluster.ReleaseReplication()
	if fresh, _ := drain(c.ReadStream(ctxFor(t), "matter", kurrentdb.ReadStreamOptions{}, 10)); len(fresh) != 2 {
		t.Errorf("after replication the follower shows %d events, want 2", len(fresh))
	}
	if problems := follower.TakeWireProblems(); len(problems) == 0 {
		t.Error("the follower's wire check did not notice the missing requires-leader")
	}
}

// Gossip names every member, its state and whether it is alive; a lost
// leader is replaced by another node at once.
func TestGossip(t *testing.T) {
	cluster := standin.NewCluster(t, 3, standin.Secure())
	c := connect(t, cluster.ConnectionString())
	states := func() map[string]gossip.MemberInfo_VNodeState {
		members, err := c.Gossip(ctxFor(t))
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]gossip.MemberInfo_VNodeState{}
		for _, m := range members {
			if m.GetIsAlive() {
				out[m.GetHttpEndPoint().GetAddress()+":"+strconv.FormatUint(uint64(m.GetHttpEndPoint().GetPort()), 10)] = m.GetState()
			}
		}
		return out
	}
	if s := states(); len(s) != 3 || s[cluster.Leader().Addr()] != gossip.MemberInfo_Leader {
		t.Errorf("gossip: %v, want three alive members led by %s", s, cluster.Leader().Addr())
	}
	lost, leader := cluster.LoseLeader()
	deadline := time.Now().Add(10 * time.Second)
	for {
		_, err := drain(c.ReadStream(ctxFor(t), "nobody", kurrentdb.ReadStreamOptions{}, 1))
		if errorCode(err) == kurrentdb.ErrorCodeResourceNotFound || time.Now().After(deadline) {
			break
		}
	}
	s := states()
	if _, alive := s[lost.Addr()]; alive || s[leader.Addr()] != gossip.MemberInfo_Leader || len(s) != 2 {
		t.Errorf("gossip after losing %s: %v, want two alive members led by %s", lost.Addr(), s, leader.Addr())
	}
}

// esdb+discover:// asks the named node's gossip for the leader.
func TestDiscoverThroughAFollower(t *testing.T) {
	cluster := standin.NewCluster(t, 3, standin.Secure())
	c := connect(t, cluster.DiscoverConnectionString(cluster.Followers()[0]))
	appendTo(t, c, "s", kurrentdb.NoStream{}, eventData(1))
	if calls := cluster.Leader().Calls(); len(calls) != 1 || calls[0].Method != "Append" {
		t.Errorf("the leader saw %+v, want the append", calls)
	}
}
