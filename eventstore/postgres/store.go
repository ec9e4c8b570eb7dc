package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/klient-crm/klient/eventstore"
)

var _ eventstore.Store = (*Store)(nil)

// Store is the PostgreSQL event store. It is safe for concurrent use.
type Store struct {
	pool     *pgxpool.Pool
	hub      *hub
	notifier *notifier

	// beforeCommit is set only by this package's tests: when non-nil each
	// append runs in an explicit transaction and beforeCommit is called
	// between the append statement and COMMIT; an error rolls back.
	beforeCommit func(ctx context.Context) error
	// pollInterval is how long an idle subscription sleeps between polls
	// when nothing wakes it; tests lengthen it to prove NOTIFY works.
	pollInterval time.Duration
}

// defaultPollInterval bounds how long a subscriber sleeps when no
// notification arrives (a lost connection, or a horizon moved by a
// transaction that is not an append).
const defaultPollInterval = 250 * time.Millisecond

// New returns a store on pool, which must hold the schema of Migrations().
// The pool stays the caller's: Close does not close it.
func New(ctx context.Context, pool *pgxpool.Pool) (*Store, error) {
	if pool == nil {
		return nil, errors.New("eventstore/postgres: nil pool")
	}
	var ready bool
	err := pool.QueryRow(ctx, `SELECT to_regclass('events') IS NOT NULL AND to_regclass('streams') IS NOT NULL`).Scan(&ready)
	if err != nil {
		return nil, fmt.Errorf("eventstore/postgres: check schema: %w", err)
	}
	if !ready {
		return nil, errors.New("eventstore/postgres: tables missing: apply postgres.Migrations() first")
	}
	return &Store{
		pool:         pool,
		hub:          newHub(pool.Config().ConnConfig),
		notifier:     startNotifier(pool),
		pollInterval: defaultPollInterval,
	}, nil
}

// Close stops the notifier and the listener and ends every subscription.
func (s *Store) Close() error {
	s.notifier.stop()
	s.hub.close()
	return nil
}

// appended tells subscribers, here at once and elsewhere by NOTIFY, that the
// log grew.
func (s *Store) appended() {
	s.hub.wakeAll()
	s.notifier.poke()
}
