package standin

import (
	"context"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/EventStore/EventStore-Client-Go/v4/protos/serverfeatures"
	"github.com/EventStore/EventStore-Client-Go/v4/protos/shared"
	api "github.com/EventStore/EventStore-Client-Go/v4/protos/streams"
	"github.com/google/uuid"
	"google.golang.org/grpc"
	"google.golang.org/grpc/keepalive"
)

// Server is a running stand-in with its own empty log.
type Server struct {
	log  *eventLog
	addr string
	mu   sync.Mutex
	grpc *grpc.Server
}

type streams struct {
	api.UnimplementedStreamsServer
	log *eventLog
}

// Start runs a fresh stand-in on 127.0.0.1 until the test ends and returns
// its connection string.
func Start(t testing.TB) (connectionString string) { return New(t).ConnectionString() }

// New runs a fresh stand-in until the test ends. Its log already holds one
// system event, as a real server's log never starts empty.
func New(t testing.TB) *Server {
	t.Helper()
	s := &Server{log: newEventLog(), addr: "127.0.0.1:0"}
	s.serve(t)
	t.Cleanup(s.Stop)
	s.WriteSystemEvent()
	return s
}

// Restart stops the server and serves the same log again on the same
// address, as a node coming back after a crash would.
func (s *Server) Restart(t testing.TB) {
	t.Helper()
	s.Stop()
	s.serve(t)
}

func (s *Server) serve(t testing.TB) {
	lis, err := net.Listen("tcp", s.addr)
	if err != nil {
		t.Fatalf("stand-in: listen: %v", err)
	}
	s.addr = lis.Addr().String()
	srv := grpc.NewServer(
		// The client pings every 10 s; gRPC's default policy (5 min) would
		// answer with GOAWAY and drop live subscriptions.
		grpc.KeepaliveEnforcementPolicy(keepalive.EnforcementPolicy{MinTime: time.Second, PermitWithoutStream: true}),
	)
	api.RegisterStreamsServer(srv, &streams{log: s.log})
	serverfeatures.RegisterServerFeaturesServer(srv, features{})
	s.mu.Lock()
	s.grpc = srv
	s.mu.Unlock()
	go func() { _ = srv.Serve(lis) }()
}

// ConnectionString is a single-node, plain-text connection string: the
// client then skips gossip and sends no credentials.
func (s *Server) ConnectionString() string { return "esdb://" + s.addr + "?tls=false" }

// Stop ends every call at once, as a crashed node would.
func (s *Server) Stop() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.grpc.Stop()
}

// WriteSystemEvent appends an event whose type starts with "$" to a "$"
// stream, like the statistics and settings events a real node writes on
// its own, so tests can check that readers of $all skip them.
func (s *Server) WriteSystemEvent() {
	p := proposal{id: uuid.New(), eventType: "$stand-in-tick", contentType: "application/json", data: []byte(`{}`)}
	s.log.append("$stand-in", expectation{kind: expectAny}, []proposal{p})
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
