package esdb

import (
	"context"
	"errors"
	"fmt"
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

// ping reads a stream that never exists: "not found" proves the server
// answers, without the admin rights a $all read may need.
func (s *Store) ping(ctx context.Context) error {
	_, err := s.ReadStream(ctx, "klient-connection-check", 0, 1)
	if err == nil || errors.Is(err, eventstore.ErrStreamNotFound) {
		return nil
	}
	return fmt.Errorf("esdb: the server does not answer: %w", err)
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
