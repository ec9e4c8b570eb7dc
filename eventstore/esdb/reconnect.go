package esdb

import (
	"context"
	"errors"
	"log/slog"

	"github.com/kurrent-io/KurrentDB-Client-Go/kurrentdb"
)

// The client (KurrentDB-Client-Go v1.4.2) gives up for good when it cannot
// rediscover a node after losing it (ten attempts, a second or so): every
// later call then fails with ErrorCodeConnectionClosed. A server restart longer than that
// would leave Klient unable to write until its own restart, so the Store
// swaps in a fresh client instead.

// conn is the client calls use now.
func (s *Store) conn() *kurrentdb.Client {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.client
}

// failed translates err from a call made on c, first replacing c when it
// has given up on its connection, so the caller's next attempt starts afresh.
func (s *Store) failed(ctx context.Context, c *kurrentdb.Client, op string, err error) error {
	var e *kurrentdb.Error
	if errors.As(err, &e) && e.Code() == kurrentdb.ErrorCodeConnectionClosed {
		s.renew(c)
	}
	return translate(ctx, op, err)
}

// renew replaces a dead client. Closing the old one only ends what may
// still wait on it: it has closed itself already.
func (s *Store) renew(dead *kurrentdb.Client) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed || s.client != dead {
		return
	}
	fresh, err := kurrentdb.NewClient(s.cfg)
	if err != nil {
		return // only a configuration error, and this one was valid before
	}
	s.client = fresh
	_ = dead.Close()
	slog.Warn("esdb: lost the server; the next call connects again")
}
