package postgres

import (
	"context"
	"fmt"
	"math"

	"github.com/jackc/pgx/v5"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/eventstore"
)

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
