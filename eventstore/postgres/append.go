package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/klient-crm/klient/eventstore"
)

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
	res, written, err := s.write(ctx, stream, exp, b)
	if err != nil && !isLostRace(err) {
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
	claimNoStream = `WITH s AS (
	INSERT INTO streams (stream, last_version) VALUES ($1, $2::bigint - 1)
	RETURNING last_version),`

	claimAny = `WITH s AS (
	INSERT INTO streams AS t (stream, last_version) VALUES ($1, $2::bigint - 1)
	ON CONFLICT (stream) DO UPDATE SET last_version = t.last_version + $2::bigint
	RETURNING last_version),`

	claimExact = `WITH s AS (
	UPDATE streams SET last_version = last_version + $2::bigint
	WHERE stream = $1 AND last_version = $8::bigint
	RETURNING last_version),`

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
