package standin

import (
	"context"
	"fmt"
	"strings"
	"sync"

	api "github.com/kurrent-io/KurrentDB-Client-Go/protos/kurrentdb/protocols/v1/streams"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/peer"
)

// Call is what one Streams call carried on the wire, as the node saw it.
type Call struct {
	Method         string // "Append", "Read", …
	RequiresLeader bool   // the "requires-leader: true" header
	Credentials    bool   // an Authorization header arrived
	TLS            bool   // over a TLS connection
	Login          string // the user it was admitted as ("" when anonymous or refused)
}

// wireLog keeps every Streams call and what was wrong with it. A client
// that leaves out requires-leader is served by a follower that forwards
// its writes and answers reads from its own, possibly stale, copy; one
// that sends credentials in plain text gives the password to the network.
type wireLog struct {
	mu       sync.Mutex
	calls    []Call
	problems []string
}

func (w *wireLog) record(c Call) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.calls = append(w.calls, c)
	if !c.RequiresLeader {
		w.problems = append(w.problems, fmt.Sprintf("%s arrived without requires-leader: true", c.Method))
	}
	if c.Credentials && !c.TLS {
		w.problems = append(w.problems, fmt.Sprintf("%s carried credentials over plain text", c.Method))
	}
}

// Calls lists the Streams calls the node has received, oldest first.
func (s *Server) Calls() []Call {
	s.wire.mu.Lock()
	defer s.wire.mu.Unlock()
	return append([]Call(nil), s.wire.calls...)
}

// TakeWireProblems returns what was wrong on the wire so far and forgets
// it. Every stand-in fails its test at the end with what is left, so a
// test that provokes a problem on purpose takes it here.
func (s *Server) TakeWireProblems() []string {
	s.wire.mu.Lock()
	defer s.wire.mu.Unlock()
	p := s.wire.problems
	s.wire.problems = nil
	return p
}

const streamsPrefix = "/event_store.client.streams.Streams/"

// admitStream records a Streams call's wire facts, authenticates it and
// lets it through with its principal in the context; the other services
// (server features, gossip) are anonymous on a real node too.
func (s *Server) admitStream(srv any, ss grpc.ServerStream, info *grpc.StreamServerInfo, handler grpc.StreamHandler) error {
	method, ok := strings.CutPrefix(info.FullMethod, streamsPrefix)
	if !ok {
		return handler(srv, ss)
	}
	ctx := ss.Context()
	md, _ := metadata.FromIncomingContext(ctx)
	c := Call{Method: method, RequiresLeader: first(md, "requires-leader") == "true",
		Credentials: len(md.Get("authorization")) > 0, TLS: overTLS(ctx)}
	p, err := s.access.authenticate(md)
	c.Login = p.login
	s.wire.record(c)
	if err != nil {
		return err
	}
	if c.RequiresLeader && !s.cluster.isLeader(s) {
		if method == "Append" {
			// The real node reads the whole append before it hands it on
			// and hears it may not take it; answering at once would cut
			// the stream under a client still sending its events.
			for ss.RecvMsg(new(api.AppendReq)) == nil {
			}
		}
		return withTrailer(ctx, notLeader(s.cluster.Leader().hostPort()))
	}
	return handler(srv, &admitted{ServerStream: ss, ctx: withPrincipal(ctx, p)})
}

type admitted struct {
	grpc.ServerStream
	ctx context.Context
}

func (a *admitted) Context() context.Context { return a.ctx }

func first(md metadata.MD, key string) string {
	if v := md.Get(key); len(v) > 0 {
		return v[0]
	}
	return ""
}

func overTLS(ctx context.Context) bool {
	p, ok := peer.FromContext(ctx)
	if !ok {
		return false
	}
	_, tls := p.AuthInfo.(credentials.TLSInfo)
	return tls
}
