package standin

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kurrent-io/KurrentDB-Client-Go/protos/kurrentdb/protocols/v1/gossip"
	"github.com/kurrent-io/KurrentDB-Client-Go/protos/kurrentdb/protocols/v1/shared"
)

// Cluster is a stand-in cluster: nodes on 127.0.0.1 that share one log, as
// replication makes a real cluster's, one of them the leader, each
// answering gossip with every member's state. A follower answers a call
// that requires the leader with NotLeader and the leader's address, as a
// real one does; a call that does not require it, it serves as a real
// follower does: it forwards a write to the leader and answers a read from
// its own copy, which lags while replication is held (HoldReplication).
//
// A leader change here is the leader's loss (LoseLeader): its calls end
// at once, as a crashed node's do, and the next node is leader at once;
// elections, their timing and a leader resigning while it keeps serving
// are not modelled.
type Cluster struct {
	log    *eventLog
	access *access
	tls    *authority // nil: plain text
	nodes  []*Server

	mu      sync.Mutex
	leader  int
	held    int           // records replicated to followers while held; -1 while replication keeps up
	timeout time.Duration // the leader's commit timeout
}

// defaultCommitTimeout is the server's CommitTimeoutMs.
const defaultCommitTimeout = 2 * time.Second

// NewCluster runs size nodes until the test ends, the first one leader.
// Each fails the test at its end with every call that arrived without
// requires-leader or with credentials in plain text.
func NewCluster(t testing.TB, size int, opts ...Option) *Cluster {
	t.Helper()
	set := settings{allReaders: []string{KlientLogin}, idBytes: defaultIDCacheBytes}
	for _, o := range opts {
		o(&set)
	}
	c := &Cluster{log: newEventLog(), access: newAccess(set.secure, set.allReaders, !set.noKlient), held: -1, timeout: defaultCommitTimeout}
	if set.secure {
		c.tls = newAuthority(t)
	}
	for range size {
		n := &Server{cluster: c, log: c.log, access: c.access, wire: &wireLog{}, ids: newIDCache(set.idBytes), addr: "127.0.0.1:0"}
		n.serve(t)
		c.nodes = append(c.nodes, n)
	}
	t.Cleanup(func() {
		for _, n := range c.nodes {
			n.Stop()
			for _, p := range n.TakeWireProblems() {
				t.Errorf("stand-in node %s: %s", n.addr, p)
			}
		}
	})
	c.Leader().WriteSystemEvent()
	return c
}

// Leader is the node that leads now.
func (c *Cluster) Leader() *Server {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.nodes[c.leader]
}

// Followers are the other nodes.
func (c *Cluster) Followers() []*Server {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []*Server
	for i, n := range c.nodes {
		if i != c.leader {
			out = append(out, n)
		}
	}
	return out
}

func (c *Cluster) isLeader(n *Server) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.nodes[c.leader] == n
}

// ConnectionString names every node as a gossip seed, as production's
// does: the client asks a seed's gossip for the leader and connects to it.
func (c *Cluster) ConnectionString() string {
	addrs := make([]string, len(c.nodes))
	for i, n := range c.nodes {
		addrs[i] = n.addr
	}
	return c.connectionString("esdb://", KlientLogin, KlientPassword, strings.Join(addrs, ","))
}

// DiscoverConnectionString names one node to discover the cluster through
// (esdb+discover://, which in production names a DNS entry of every node).
func (c *Cluster) DiscoverConnectionString(through *Server) string {
	return c.connectionString("esdb+discover://", KlientLogin, KlientPassword, through.addr)
}

// LoseLeader crashes the leader: every call on it ends at once and it no
// longer answers. The next node leads from then on; the old one stays
// down until its Restart, after which it serves as a follower.
func (c *Cluster) LoseLeader() (lost, leader *Server) {
	c.mu.Lock()
	lost = c.nodes[c.leader]
	c.leader = (c.leader + 1) % len(c.nodes)
	leader = c.nodes[c.leader]
	c.mu.Unlock()
	lost.Stop()
	return lost, leader
}

// HoldReplication keeps every follower's copy of the log as it is now,
// until ReleaseReplication: reads served by a follower are then stale.
func (c *Cluster) HoldReplication() {
	n := c.log.size()
	c.mu.Lock()
	defer c.mu.Unlock()
	c.held = n
}

// ReleaseReplication lets the followers catch up.
func (c *Cluster) ReleaseReplication() {
	c.mu.Lock()
	c.held = -1
	c.mu.Unlock()
	c.log.mu.Lock()
	defer c.log.mu.Unlock()
	c.log.notify()
}

// DelayCommits makes every later write wait d for the cluster's
// confirmation: the leader writes it at once but shows it to readers, and
// answers its writer, only once confirmed — or answers "Operation timed
// out" at its commit timeout while the write still commits later. A resend
// of the same events before then is dropped without an answer, as the
// real leader drops an idempotent write not yet replicated. 0 confirms at
// once again.
func (c *Cluster) DelayCommits(d time.Duration) {
	c.log.mu.Lock()
	defer c.log.mu.Unlock()
	c.log.delay = d
}

// SetCommitTimeout changes the leader's commit timeout (2 s, the server's
// default).
func (c *Cluster) SetCommitTimeout(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.timeout = d
}

func (c *Cluster) commitTimeout() time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.timeout
}

// shownBy is how many of the log's records node n shows readers (-1: all).
func (c *Cluster) shownBy(n *Server) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.nodes[c.leader] == n {
		return -1
	}
	return c.held
}

// gossipService answers the client's discovery: every member, its state
// and whether it is alive, at the address clients reach it on.
type gossipService struct {
	gossip.UnimplementedGossipServer
	cluster *Cluster
}

func (g gossipService) Read(context.Context, *shared.Empty) (*gossip.ClusterInfo, error) {
	c := g.cluster
	info := &gossip.ClusterInfo{}
	for _, n := range c.nodes {
		state := gossip.MemberInfo_Follower
		if c.isLeader(n) {
			state = gossip.MemberInfo_Leader
		}
		host, port := n.hostPort()
		info.Members = append(info.Members, &gossip.MemberInfo{State: state, IsAlive: n.alive(),
			HttpEndPoint: &gossip.EndPoint{Address: host, Port: uint32(port)}})
	}
	return info, nil
}
