package esdb

import (
	"context"
	"time"

	"github.com/kurrent-io/KurrentDB-Client-Go/kurrentdb"
)

// Following the leader. The client sends requires-leader with every call;
// a follower answers NotLeader with the leader's address, and the client
// connects to that leader before it returns the error. A lost node answers
// nothing (Unavailable), and the client finds the cluster again (gossip,
// or the one node named) on its next call. So a call is made again, on
// the connection the client has by then:
//
//   - any call after NotLeader: the follower did nothing with it;
//   - a read (and subscribing) after Unavailable too: reading twice is
//     harmless;
//   - never an append after Unavailable: it may have been written — that
//     answer is the caller's to weigh.
//
// A client that gave up for good (ConnectionClosed) is replaced first
// (renew), and a read is then made again on the new one.

// pauses holds one entry per attempt of a call: the pause before it.
var pauses = []time.Duration{0, 50 * time.Millisecond, 250 * time.Millisecond}

func isNotLeader(err error) bool {
	code, ok := clientCode(err)
	return ok && code == kurrentdb.ErrorCodeNotLeader
}

// readAgain: a read may be made again after any failure of the node.
func readAgain(err error) bool {
	code, ok := clientCode(err)
	return ok && (code == kurrentdb.ErrorCodeNotLeader || code == kurrentdb.ErrorUnavailable || code == kurrentdb.ErrorCodeConnectionClosed)
}

// attempt runs call until it succeeds, fails in a way again does not
// forgive, or has had its attempts; it returns the client of the last
// attempt with its error.
func (s *Store) attempt(ctx context.Context, again func(error) bool, call func(c *kurrentdb.Client) error) (*kurrentdb.Client, error) {
	for i := 0; ; i++ {
		c := s.conn()
		err := call(c)
		if err == nil || !again(err) || i+1 == len(pauses) || ctx.Err() != nil {
			return c, err
		}
		if code, _ := clientCode(err); code == kurrentdb.ErrorCodeConnectionClosed {
			s.renew(c)
		}
		t := time.NewTimer(pauses[i+1])
		select {
		case <-ctx.Done():
			t.Stop()
			return c, err
		case <-t.C:
		}
	}
}
