package esdb

import (
	"context"
	"errors"
	"log/slog"

	"github.com/EventStore/EventStore-Client-Go/v4/esdb"
)

// The client (v4.2.0) gives up for good when it cannot rediscover the node
// after losing it (about ten attempts, a second or so): every later call then
// fails with ErrorCodeConnectionClosed. A server restart longer than that
// would leave Klient unable to write until its own restart, so the Store
// swaps in a fresh client instead.

// conn is the client calls use now.
func (s *Store) conn() *esdb.Client {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.client
}

// failed translates err from a call made on c, first replacing c when it
// has given up on its connection, so the caller's next attempt starts afresh.
func (s *Store) failed(ctx context.Context, c *esdb.Client, op string, err error) error {
	var e *esdb.Error
	if errors.As(err, &e) && e.Code() == esdb.ErrorCodeConnectionClosed {
		s.renew(c)
	}
	return translate(ctx, op, err)
}

// renew replaces a dead client. The old one is not closed: its connection
// is already gone, and closing it would make any call still stuck on it
// panic (the client sends on a channel that Close closes).
func (s *Store) renew(dead *esdb.Client) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed || s.client != dead {
		return
	}
	fresh, err := esdb.NewClient(s.cfg)
	if err != nil {
		return // only a configuration error, and this one was valid before
	}
	s.client = fresh
	slog.Warn("esdb: lost the server; the next call connects again")
}
