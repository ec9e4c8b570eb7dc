package standin

import (
	"net"
	"testing"
	"time"

	"github.com/EventStore/EventStore-Client-Go/v4/protos/serverfeatures"
	api "github.com/EventStore/EventStore-Client-Go/v4/protos/streams"
	"github.com/google/uuid"
	"google.golang.org/grpc"
	"google.golang.org/grpc/keepalive"
)

// Server is a running stand-in with its own empty log.
type Server struct {
	log  *eventLog
	addr string
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
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("stand-in: listen: %v", err)
	}
	s := &Server{log: newEventLog(), addr: lis.Addr().String(), grpc: grpc.NewServer(
		// The client pings every 10 s; gRPC's default policy (5 min) would
		// answer with GOAWAY and drop live subscriptions.
		grpc.KeepaliveEnforcementPolicy(keepalive.EnforcementPolicy{MinTime: time.Second, PermitWithoutStream: true}),
	)}
	api.RegisterStreamsServer(s.grpc, &streams{log: s.log})
	serverfeatures.RegisterServerFeaturesServer(s.grpc, features{})
	go func() { _ = s.grpc.Serve(lis) }()
	t.Cleanup(s.Stop)
	s.WriteSystemEvent()
	return s
}

// ConnectionString is a single-node, plain-text connection string: the
// client then skips gossip and sends no credentials.
func (s *Server) ConnectionString() string { return "esdb://" + s.addr + "?tls=false" }

// Stop ends every call at once, as a crashed node would.
func (s *Server) Stop() { s.grpc.Stop() }

// WriteSystemEvent appends an event whose type starts with "$" to a "$"
// stream, like the statistics and settings events a real node writes on
// its own, so tests can check that readers of $all skip them.
func (s *Server) WriteSystemEvent() {
	p := proposal{id: uuid.New(), eventType: "$stand-in-tick", contentType: "application/json", data: []byte(`{}`)}
	s.log.append("$stand-in", expectation{kind: expectAny}, []proposal{p})
}
