package postgres

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/klient-crm/klient/domain"
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

// maxNameLen keeps stream names and types well inside a btree entry.
const maxNameLen = 512

func validateAppend(stream string, evs []eventstore.Envelope) error {
	if err := validateName("stream", stream); err != nil {
		return err
	}
	if len(evs) == 0 {
		return domain.Invalid("events", "an append needs at least one event")
	}
	seen := make(map[uuid.UUID]bool, len(evs))
	for i, e := range evs {
		if e.ID == uuid.Nil {
			return domain.Invalid("id", "event %d has no ID", i)
		}
		if seen[e.ID] {
			return domain.Invalid("id", "event %d repeats the ID of an earlier event in the same append", i)
		}
		seen[e.ID] = true
		if err := validateName("type", e.Type); err != nil {
			return err
		}
		if e.SchemaVersion < 0 || e.SchemaVersion > math.MaxInt32 {
			return domain.Invalid("schema_version", "event %d has an impossible schema version", i)
		}
	}
	return nil
}

// validateName refuses what PostgreSQL text or its indexes cannot hold.
func validateName(field, s string) error {
	switch {
	case s == "":
		return domain.Invalid(field, "%s is empty", field)
	case len(s) > maxNameLen:
		return domain.Invalid(field, "%s is longer than %d bytes", field, maxNameLen)
	case !utf8.ValidString(s) || strings.ContainsRune(s, 0):
		return domain.Invalid(field, "%s is not valid text", field)
	}
	return nil
}

func validateLimit(limit int) error {
	if limit <= 0 {
		return domain.Invalid("limit", "limit must be positive")
	}
	return nil
}

const columns = `event_id, stream, version, type, schema_version, data, metadata, recorded_at, xid, seq`

const readStreamSQL = `SELECT ` + columns + ` FROM events
WHERE stream = $1 AND version >= $2 ORDER BY version LIMIT $3`

// ReadStream reads without the horizon of ReadAll: a stream's versions are
// final once committed, and a writer must see its own appends at once.
func (s *Store) ReadStream(ctx context.Context, stream string, from uint64, limit int) ([]eventstore.Envelope, error) {
	if err := validateName("stream", stream); err != nil {
		return nil, err
	}
	if err := validateLimit(limit); err != nil {
		return nil, err
	}
	rows, err := s.pool.Query(ctx, readStreamSQL, stream, int64(min(from, math.MaxInt64)), limit)
	evs, err := collect(rows, err)
	if err != nil {
		return nil, fmt.Errorf("eventstore/postgres: read stream: %w", err)
	}
	if len(evs) > 0 {
		return evs, nil
	}
	return nil, s.streamExists(ctx, stream)
}

// streamExists tells an empty window of a stream from a missing stream.
func (s *Store) streamExists(ctx context.Context, stream string) error {
	var exists bool
	err := s.pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM streams WHERE stream = $1)`, stream).Scan(&exists)
	switch {
	case err != nil:
		return fmt.Errorf("eventstore/postgres: read stream: %w", err)
	case !exists:
		return &domain.Error{Kind: domain.KindNotFound, Message: "no such record", Err: eventstore.ErrStreamNotFound}
	}
	return nil
}

// collect scans every row of a read into envelopes.
func collect(rows pgx.Rows, err error) ([]eventstore.Envelope, error) {
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, scanEnvelope)
}

func scanEnvelope(row pgx.CollectableRow) (eventstore.Envelope, error) {
	var (
		e                 eventstore.Envelope
		version, xid, seq int64
		schemaVersion     int32
		metadata          []byte
	)
	err := row.Scan(&e.ID, &e.Stream, &version, &e.Type, &schemaVersion, &e.Data, &metadata, &e.RecordedAt, &xid, &seq)
	if err != nil {
		return e, err
	}
	if e.Metadata, err = decodeMetadata(metadata); err != nil {
		return e, fmt.Errorf("event %s metadata: %w", e.ID, err)
	}
	e.Version, e.SchemaVersion, e.Position = uint64(version), int(schemaVersion), position(xid, seq)
	e.RecordedAt = e.RecordedAt.UTC()
	return e, nil
}

// horizon is the oldest transaction still running anywhere in the cluster
// when the statement's snapshot was taken: every transaction below it has
// ended, so no event below it can appear later (see doc.go).
const horizon = `pg_snapshot_xmin(pg_current_snapshot())::text::bigint`

const readAllSQL = `SELECT ` + columns + ` FROM events
WHERE (xid, seq) > ($1, $2) AND xid < ` + horizon + `
ORDER BY xid, seq LIMIT $3`

// heldBackSQL asks, after an empty read, whether committed events exist
// after the reader's position anyway: they wait above the horizon, so the
// reader will get them without any new append. It is not written as
// EXISTS: as a prepared statement its generic plan guesses that a third
// of the log lies after any position and scans the table for the first
// row, which at the head of a million-event log reads all of it on every
// poll; the ordered LIMIT 1 keeps it on the primary key (plans_test.go).
const heldBackSQL = `SELECT (SELECT true FROM events WHERE (xid, seq) > ($1, $2) ORDER BY xid, seq LIMIT 1) IS NOT NULL`

// ReadAll returns up to limit events strictly after `after`, below the
// horizon, in (xid, seq) order.
func (s *Store) ReadAll(ctx context.Context, after eventstore.Position, limit int) ([]eventstore.Envelope, error) {
	if err := validateLimit(limit); err != nil {
		return nil, err
	}
	evs, err := s.readAll(ctx, after, limit)
	if err != nil {
		return nil, fmt.Errorf("eventstore/postgres: read all: %w", err)
	}
	return evs, nil
}

func (s *Store) readAll(ctx context.Context, after eventstore.Position, limit int) ([]eventstore.Envelope, error) {
	xid, seq := positionArgs(after)
	rows, err := s.pool.Query(ctx, readAllSQL, xid, seq, limit)
	return collect(rows, err)
}

// heldBack reports whether committed events after `after` wait above the
// horizon.
func (s *Store) heldBack(ctx context.Context, after eventstore.Position) (bool, error) {
	var held bool
	xid, seq := positionArgs(after)
	err := s.pool.QueryRow(ctx, heldBackSQL, xid, seq).Scan(&held)
	return held, err
}

func positionArgs(p eventstore.Position) (xid, seq int64) {
	return int64(min(p.Commit, math.MaxInt64)), int64(min(p.Prepare, math.MaxInt64))
}
