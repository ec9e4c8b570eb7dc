package standin

import (
	"context"
	"net"
	"net/url"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/kurrent-io/KurrentDB-Client-Go/protos/kurrentdb/protocols/v1/gossip"
	"github.com/kurrent-io/KurrentDB-Client-Go/protos/kurrentdb/protocols/v1/serverfeatures"
	"github.com/kurrent-io/KurrentDB-Client-Go/protos/kurrentdb/protocols/v1/shared"
	api "github.com/kurrent-io/KurrentDB-Client-Go/protos/kurrentdb/protocols/v1/streams"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials"
	"google.golang.org/grpc/keepalive"
)

// Server is one running stand-in node. A node of New is a cluster of one
// and always its leader; NewCluster's nodes share one log and take turns.
type Server struct {
	cluster  *Cluster
	log      *eventLog // the cluster's
	access   *access   // the cluster's
	wire     *wireLog  // this node's own
	ids      *idCache  // the event IDs this node wrote as leader
	addr     string
	mu       sync.Mutex
	grpc     *grpc.Server
	up       bool
	usersURL string // the users API's, once served (users.go)
}

type streams struct {
	api.UnimplementedStreamsServer
	node *Server
}

// Option sets up a stand-in.
type Option func(*settings)

type settings struct {
	secure     bool
	allReaders []string
	idBytes    int
	noKlient   bool
}

// Secure serves TLS with a certificate from a CA made for the test and
// checks users and ACLs as a secure real node does. By default the $all
// stream's ACL lets the klient user read it, as the README tells
// operators to set up; AllReaders changes that.
func Secure() Option { return func(s *settings) { s.secure = true } }

// AllReaders replaces the users, besides $admins, whom the $all stream's
// ACL lets read $all (none: a default real node).
func AllReaders(logins ...string) Option { return func(s *settings) { s.allReaders = logins } }

// WithoutKlientUser starts a secure node with its administrator alone, as
// a fresh real node is: the klient user is then made through the users API
// (UsersURL), as deploy/production/kurrentdb-user.sh does.
func WithoutKlientUser() Option { return func(s *settings) { s.noKlient = true } }

// IDCacheBytes bounds each node's memory of the event IDs it wrote (8 MiB,
// some 50,000 events, by default, as the server's), which an append with
// expected version Any is checked against for a retry.
func IDCacheBytes(n int) Option { return func(s *settings) { s.idBytes = n } }

// Start runs a fresh stand-in on 127.0.0.1 until the test ends and returns
// its connection string.
func Start(t testing.TB, opts ...Option) (connectionString string) {
	return New(t, opts...).ConnectionString()
}

// New runs a fresh single-node stand-in until the test ends. Its log
// already holds one system event, as a real server's log never starts
// empty. At the end of the test it fails the test with every call that
// arrived without requires-leader or with credentials in plain text.
func New(t testing.TB, opts ...Option) *Server {
	t.Helper()
	return NewCluster(t, 1, opts...).Leader()
}

func (s *Server) serve(t testing.TB) {
	lis, err := net.Listen("tcp", s.addr)
	if err != nil {
		t.Fatalf("stand-in: listen: %v", err)
	}
	s.addr = lis.Addr().String()
	opts := []grpc.ServerOption{
		// The client pings every 10 s; gRPC's default policy (5 min) would
		// answer with GOAWAY and drop live subscriptions.
		grpc.KeepaliveEnforcementPolicy(keepalive.EnforcementPolicy{MinTime: time.Second, PermitWithoutStream: true}),
		grpc.StreamInterceptor(s.admitStream),
	}
	if a := s.cluster.tls; a != nil {
		opts = append(opts, grpc.Creds(credentials.NewTLS(a.serverConfig())))
	}
	srv := grpc.NewServer(opts...)
	api.RegisterStreamsServer(srv, &streams{node: s})
	serverfeatures.RegisterServerFeaturesServer(srv, features{})
	gossip.RegisterGossipServer(srv, gossipService{cluster: s.cluster})
	s.mu.Lock()
	s.grpc, s.up = srv, true
	s.mu.Unlock()
	go func() { _ = srv.Serve(lis) }()
}

// Restart stops the node and serves the same log again on the same
// address, as a node coming back after a crash would.
func (s *Server) Restart(t testing.TB) {
	t.Helper()
	s.Stop()
	s.serve(t)
}

// Stop ends every call at once, as a crashed node would.
func (s *Server) Stop() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.grpc.Stop()
	s.up = false
}

func (s *Server) alive() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.up
}

// ConnectionString names this node alone (the client then skips gossip),
// as the klient user over TLS on a secure node, in plain text otherwise.
func (s *Server) ConnectionString() string { return s.ConnectionStringAs(KlientLogin, KlientPassword) }

// ConnectionStringAs is ConnectionString for another user of a secure node.
func (s *Server) ConnectionStringAs(login, password string) string {
	return s.cluster.connectionString("esdb://", login, password, s.addr)
}

// Addr is the node's host:port.
func (s *Server) Addr() string { return s.addr }

func (s *Server) hostPort() (string, int) {
	host, port, _ := net.SplitHostPort(s.addr)
	p, _ := strconv.Atoi(port)
	return host, p
}

// CAFile is the path of the PEM file of the CA that issued a secure node's
// certificate ("" on a plain-text node).
func (s *Server) CAFile() string {
	if s.cluster.tls == nil {
		return ""
	}
	return s.cluster.tls.caFile
}

// WriteSystemEvent appends an event whose type starts with "$" to a "$"
// stream, like the statistics and settings events a real node writes on
// its own, so tests can check that readers of $all skip them.
func (s *Server) WriteSystemEvent() {
	p := proposal{id: uuid.New(), eventType: "$stand-in-tick", contentType: "application/json", data: []byte(`{}`)}
	s.log.append("$stand-in", expectation{kind: expectAny}, []proposal{p}, nil)
}

// Cluster is the cluster the node belongs to (New's: a cluster of one).
func (s *Server) Cluster() *Cluster { return s.cluster }

// shows is how many records of the log the node shows readers: all of
// them on the leader, on a follower those replicated to it.
func (s *Server) shows() int { return s.cluster.shownBy(s) }

func (c *Cluster) connectionString(scheme, login, password, hosts string) string {
	if c.tls == nil {
		return scheme + hosts + "?tls=false"
	}
	return scheme + url.UserPassword(login, password).String() + "@" + hosts + "?tlsCAFile=" + url.QueryEscape(c.tls.caFile)
}

// features answers the client's one GetSupportedMethods call on connect.
// It lists only what the stand-in serves, so the client never believes in
// batch append or persistent subscriptions.
type features struct {
	serverfeatures.UnimplementedServerFeaturesServer
}

const streamsService = "event_store.client.streams.streams"

func (features) GetSupportedMethods(context.Context, *shared.Empty) (*serverfeatures.SupportedMethods, error) {
	return &serverfeatures.SupportedMethods{
		EventStoreServerVersion: "24.10.0",
		Methods: []*serverfeatures.SupportedMethod{
			{MethodName: "append", ServiceName: streamsService},
			{MethodName: "read", ServiceName: streamsService},
		},
	}, nil
}
