package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
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
	if err := s.checkPlace(ctx, after); err != nil {
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

// placeSQL says whether an event sits at a position, and whether the
// position lies past the log's last committed event (or the log is empty).
// Both are probes of the primary key.
const placeSQL = `SELECT EXISTS (SELECT 1 FROM events WHERE xid = $1 AND seq = $2),
	coalesce((SELECT (xid, seq) < ($1, $2) FROM events ORDER BY xid DESC, seq DESC LIMIT 1), true)`

// checkPlace refuses a position to read after that no event of this log
// has: any pair orders against the others, so without the check a
// checkpoint from another log (or a log restored from an older backup)
// would read as an empty log or skip events without a word.
func (s *Store) checkPlace(ctx context.Context, after eventstore.Position) error {
	if after == eventstore.Start {
		return nil
	}
	xid, seq := positionArgs(after)
	var found, beyond bool
	if err := s.pool.QueryRow(ctx, placeSQL, xid, seq).Scan(&found, &beyond); err != nil {
		return fmt.Errorf("eventstore/postgres: check position %s: %w", after, err)
	}
	switch {
	case found:
		return nil
	case beyond:
		return fmt.Errorf("eventstore/postgres: after %s: %w", after, eventstore.ErrPositionBeyondEnd)
	}
	return fmt.Errorf("eventstore/postgres: after %s: %w", after, eventstore.ErrPositionNotARecord)
}

// Append writes evs at the end of stream if exp holds, in one statement.
// When it does not hold, a retry of an append that already succeeded gets
// the original result; anything else is a conflict.
func (s *Store) Append(ctx context.Context, stream string, exp eventstore.ExpectedVersion, evs []eventstore.Envelope) (eventstore.AppendResult, error) {
	if err := validateAppend(stream, evs); err != nil {
		return eventstore.AppendResult{}, err
	}
	b, err := newBatch(evs)
	if err != nil {
		return eventstore.AppendResult{}, err
	}
	if err := ctx.Err(); err != nil {
		return eventstore.AppendResult{}, err // nothing sent: the outcome is known
	}
	res, written, err := s.write(ctx, stream, exp, b)
	switch {
	case err != nil && answerLost(ctx, err):
		return eventstore.AppendResult{}, eventstore.OutcomeUnknown(stream, err)
	case err != nil && !isLostRace(err):
		return eventstore.AppendResult{}, fmt.Errorf("eventstore/postgres: append: %w", err)
	}
	if written {
		s.appended()
		return res, nil
	}
	return s.settleConflict(ctx, stream, exp, b)
}

// write runs the append statement and reports whether it wrote the batch.
func (s *Store) write(ctx context.Context, stream string, exp eventstore.ExpectedVersion, b batch) (eventstore.AppendResult, bool, error) {
	args := b.args(stream)
	if v, ok := exp.Version(); ok {
		if v >= math.MaxInt64-uint64(len(b.ids)) {
			return eventstore.AppendResult{}, false, nil // no stream gets that long
		}
		args = append(args, int64(v))
	}
	sql := appendSQL(exp, len(b.ids))
	if s.beforeCommit != nil {
		return s.writeInTx(ctx, sql, args, len(b.ids))
	}
	return scanWritten(s.pool.QueryRow(ctx, sql, args...), len(b.ids))
}

// writeInTx is write with the tests' hook between statement and commit.
func (s *Store) writeInTx(ctx context.Context, sql string, args []any, n int) (eventstore.AppendResult, bool, error) {
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return eventstore.AppendResult{}, false, err
	}
	defer tx.Rollback(context.WithoutCancel(ctx)) //nolint:errcheck // no-op after commit
	res, written, err := scanWritten(tx.QueryRow(ctx, sql, args...), n)
	if err != nil || !written {
		return res, written, err
	}
	if err := s.beforeCommit(ctx); err != nil {
		return eventstore.AppendResult{}, false, err
	}
	return res, true, tx.Commit(ctx)
}

func scanWritten(row pgx.Row, n int) (eventstore.AppendResult, bool, error) {
	var count, version, xid, seq int64
	err := row.Scan(&count, &version, &xid, &seq)
	if errors.Is(err, pgx.ErrNoRows) {
		return eventstore.AppendResult{}, false, nil // insertOne's claim did not hold
	}
	if err != nil {
		return eventstore.AppendResult{}, false, err
	}
	if count != int64(n) {
		return eventstore.AppendResult{}, false, nil
	}
	return eventstore.AppendResult{LastVersion: uint64(version), LastPosition: position(xid, seq)}, true, nil
}

// answerLost reports an append that may have committed though its answer
// never came: the statement (or the COMMIT) was sent — pgx's SafeToRetry
// says when it surely was not — and then the connection broke, the server
// shut the session down, or the caller's ctx ended and pgx closed the
// connection. Any other answer from the server is a refusal: an append is
// one statement, which a refusal rolls back.
func answerLost(ctx context.Context, err error) bool {
	if pgconn.SafeToRetry(err) {
		return false
	}
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		switch code := pgErr.Code; {
		case strings.HasPrefix(code, "08"), code == "57P01", code == "57P02", code == "57P03":
			return true
		}
		return false
	}
	return ctx.Err() != nil || transient(err)
}

// isLostRace reports errors that mean another writer got there first.
func isLostRace(err error) bool {
	var pgErr *pgconn.PgError
	if !errors.As(err, &pgErr) {
		return false
	}
	switch pgErr.Code {
	case "23505", "40001", "40P01": // unique_violation, serialization_failure, deadlock_detected
		return true
	}
	return false
}

func position(xid, seq int64) eventstore.Position {
	return eventstore.Position{Commit: uint64(xid), Prepare: uint64(seq)}
}

// An append is one statement (one round trip, implicit transaction): the
// first CTE claims the stream's versions and checks the expectation, the
// second inserts the events only if the first returned a row. Concurrent
// appends to one stream queue on the streams row; appends to different
// streams share no lock, so their commits can be flushed together.
//
// Parameters: $1 stream, $2 number of events, $3..$7 the events' columns,
// $8 the expected version (Exact only).
const (
	// A plain INSERT is cheaper than ON CONFLICT DO NOTHING; an existing
	// stream makes it fail with unique_violation, which is the conflict path.
	claimNoStream = streamTurn + `s AS (
	INSERT INTO streams (stream, last_version) SELECT $1, $2::bigint - 1 FROM turn
	RETURNING last_version),`

	claimAny = streamTurn + `s AS (
	INSERT INTO streams AS t (stream, last_version) SELECT $1, $2::bigint - 1 FROM turn
	ON CONFLICT (stream) DO UPDATE SET last_version = t.last_version + $2::bigint
	RETURNING last_version),`

	claimExact = streamTurn + `s AS (
	UPDATE streams SET last_version = last_version + $2::bigint
	FROM turn WHERE stream = $1 AND last_version = $8::bigint
	RETURNING last_version),`

	// streamTurn makes an append wait for the stream's earlier appends to
	// end before it writes anything, so before PostgreSQL gives it its
	// transaction ID (at the first write): the log orders by that ID, and
	// an append that got its ID first and then lost the race for the
	// streams row (two speculative inserts of a new stream, or an update
	// that got its ID before the row's lock) would come before the events
	// it follows in the stream (TestReadAllKeepsEachStreamsOrderUnderRacingAppends).
	// The lock is transaction-scoped, so it ends with the append. Its key
	// is the two-int form, a key space apart from the one-bigint keys of
	// the projectors, the migrations and the key store.
	streamTurn = `WITH turn AS MATERIALIZED (SELECT pg_advisory_xact_lock(1801677157, hashtext($1))),
`

	// c hashes the events into their stream's chain (event_chain, in
	// migrations/0002_chain.sql) once the claim holds the streams row.
	insertEvents = `
c AS (
	SELECT event_chain($1, s.last_version - $2::bigint + 1, $3::uuid[], $4::text[], $5::int4[], $6::bytea[], $7::text[]) AS hashes
	FROM s),
e AS (
	INSERT INTO events (event_id, stream, version, type, schema_version, data, metadata, hash)
	SELECT u.id, $1, s.last_version - $2::bigint + u.ord, u.type, u.schema_version, u.data, u.metadata::jsonb, c.hashes[u.ord]
	FROM s, c, unnest($3::uuid[], $4::text[], $5::int4[], $6::bytea[], $7::text[])
		WITH ORDINALITY AS u(id, type, schema_version, data, metadata, ord)
	ORDER BY u.ord
	RETURNING version, xid, seq)
SELECT count(*), coalesce(max(version), 0), coalesce(max(xid), 0), coalesce(max(seq), 0) FROM e`
)

// insertOne is insertEvents for the common case of one event (a contact, a
// communication, a task is born or changed), with the same parameters as
// scalars ($3 ID, $4 type, $5 schema version, $6 data, $7 metadata):
// event_hash is called in the statement itself, after event_prev_hash
// (or zeros for version 0), without event_chain's loop.
const insertOne = `
m AS (SELECT $7::text::jsonb AS metadata)
INSERT INTO events (event_id, stream, version, type, schema_version, data, metadata, hash)
SELECT $3::uuid, $1, s.last_version, $4, $5::int4, $6::bytea, m.metadata,
	event_hash(CASE WHEN s.last_version = 0 THEN decode(repeat('00', 32), 'hex')
		ELSE event_prev_hash($1, s.last_version - 1) END,
		$1, s.last_version, $3::uuid, $4, $5::int4, $6::bytea, m.metadata)
FROM s, m
RETURNING 1::bigint, version, xid, seq`

// appendSQL picks the statement for an expectation and a number of events.
func appendSQL(exp eventstore.ExpectedVersion, events int) string {
	insert := insertEvents
	if events == 1 {
		insert = insertOne
	}
	switch {
	case exp.IsNoStream():
		return claimNoStream + insert
	case exp.IsAny():
		return claimAny + insert
	}
	return claimExact + insert
}

// batch is an append's events as column arrays, the shape unnest takes.
type batch struct {
	ids            []uuid.UUID
	types          []string
	schemaVersions []int32
	data           [][]byte
	metadata       []string
}

func newBatch(evs []eventstore.Envelope) (batch, error) {
	b := batch{
		ids:            make([]uuid.UUID, len(evs)),
		types:          make([]string, len(evs)),
		schemaVersions: make([]int32, len(evs)),
		data:           make([][]byte, len(evs)),
		metadata:       make([]string, len(evs)),
	}
	for i, e := range evs {
		md, err := encodeMetadata(e.Metadata)
		if err != nil {
			return batch{}, fmt.Errorf("eventstore/postgres: event %d metadata: %w", i, err)
		}
		b.ids[i], b.types[i], b.schemaVersions[i], b.metadata[i] = e.ID, e.Type, int32(e.SchemaVersion), md
		b.data[i] = e.Data
		if b.data[i] == nil {
			b.data[i] = []byte{} // NULL would break NOT NULL; empty is what was meant
		}
	}
	return b, nil
}

// args lays the batch out as $1..$7 of the append statements: columns as
// arrays, or for one event (insertOne) as scalars.
func (b batch) args(stream string) []any {
	if len(b.ids) == 1 {
		return []any{stream, int64(1), b.ids[0], b.types[0], b.schemaVersions[0], b.data[0], b.metadata[0]}
	}
	return []any{stream, int64(len(b.ids)), b.ids, b.types, b.schemaVersions, b.data, b.metadata}
}

// encodeMetadata keeps OccurredAt at PostgreSQL's microsecond resolution in
// UTC, so every reader and every replay sees the same instant.
func encodeMetadata(m eventstore.Metadata) (string, error) {
	m.OccurredAt = m.OccurredAt.Truncate(time.Microsecond).UTC()
	b, err := json.Marshal(m)
	return string(b), err
}

func decodeMetadata(raw []byte) (eventstore.Metadata, error) {
	var m eventstore.Metadata
	if err := json.Unmarshal(raw, &m); err != nil {
		return m, err
	}
	m.OccurredAt = m.OccurredAt.UTC()
	return m, nil
}
