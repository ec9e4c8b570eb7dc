package esdb

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"sync"

	"github.com/kurrent-io/KurrentDB-Client-Go/kurrentdb"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/eventstore"
)

var _ eventstore.Store = (*Store)(nil)

// Store keeps Klient's event log in EventStoreDB. It is safe for concurrent
// use; one Store holds one gRPC connection at a time.
type Store struct {
	cfg    *kurrentdb.Configuration
	mu     sync.Mutex
	client *kurrentdb.Client
	closed bool
	tails  tailHashes // the hash of each stream's last event this process wrote
}

// New connects to the server named by connectionString (for example
// "esdb://host:2113?tls=false", or a cluster's "esdb+discover://...") and
// checks that it answers before returning.
func New(ctx context.Context, connectionString string) (*Store, error) {
	cfg, err := kurrentdb.ParseConnectionString(connectionString)
	if err != nil {
		// The string may hold a password: neither it nor the parser's
		// message (which quotes it) goes into the error.
		return nil, domain.Invalid("connection_string", "the EventStoreDB connection string is not valid")
	}
	cfg.Logger = clientLog
	client, err := kurrentdb.NewClient(cfg)
	if err != nil {
		return nil, domain.Internal(fmt.Errorf("esdb: new client: %w", err))
	}
	s := &Store{cfg: cfg, client: client}
	if err := s.ping(ctx); err != nil {
		_ = client.Close()
		return nil, err
	}
	return s, nil
}

// ping reads the last record of $all. That proves the server answers and
// that the user may read $all, which every projector's subscription needs:
// by default only $admins may, and a user who may only read and write
// streams would pass a stream read here and then have every subscription
// refused, so no instance would ever become ready. Each refusal is said in
// one line that names its remedy, never with the connection string.
func (s *Store) ping(ctx context.Context) error {
	err := s.readLast(ctx)
	switch code, _ := clientCode(err); {
	case err == nil:
		return nil
	case code == kurrentdb.ErrorCodeAccessDenied:
		return errors.New("esdb: the user in the connection string may not read $all, which Klient's projectors subscribe to: " +
			"make it a member of $admins or name it in the read ACL of $all (see eventstore/esdb/README.md)")
	case code == kurrentdb.ErrorCodeUnauthenticated:
		return errors.New("esdb: the server refused the user name and password in the connection string")
	}
	return fmt.Errorf("esdb: the server does not answer: %w", translate(ctx, "read all", err))
}

// readLast reads $all backwards from its end, one record.
func (s *Store) readLast(ctx context.Context) error {
	_, err := s.attempt(ctx, readAgain, func(c *kurrentdb.Client) error {
		rs, err := c.ReadAll(ctx, kurrentdb.ReadAllOptions{Direction: kurrentdb.Backwards, From: kurrentdb.End{}}, 1)
		if err != nil {
			return err
		}
		defer rs.Close()
		if _, err := rs.Recv(); err != nil && !errors.Is(err, io.EOF) {
			return err
		}
		return nil
	})
	return err
}

// Close releases the connection. Subscriptions still open end with an error.
func (s *Store) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.closed = true
	return s.client.Close()
}

// clientLog sends the client's own messages to slog at debug level: it logs
// every ordinary subscription close as an error, and its messages name
// streams, not people.
func clientLog(level kurrentdb.LogLevel, format string, args ...any) {
	slog.Debug("esdb client: "+fmt.Sprintf(format, args...), "level", level)
}
