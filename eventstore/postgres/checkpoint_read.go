package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

const checkpointColumns = `id, xid, seq, event_count, digest, created_at, key_id, signature`

// querier is a pool, a connection or a transaction.
type querier interface {
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
}

// Checkpoints lists every checkpoint, oldest first.
func (s *Store) Checkpoints(ctx context.Context) ([]Checkpoint, error) {
	cps, err := queryCheckpoints(ctx, s.pool, `SELECT `+checkpointColumns+` FROM audit_checkpoints ORDER BY xid, seq`)
	if err != nil {
		return nil, fmt.Errorf("eventstore/postgres: checkpoints: %w", err)
	}
	return cps, nil
}

// lastCheckpoint is the newest checkpoint, or the zero Checkpoint (the
// start of the log, digest zeros) when there is none.
func lastCheckpoint(ctx context.Context, q querier) (Checkpoint, error) {
	return oneCheckpoint(q.Query(ctx, `SELECT `+checkpointColumns+` FROM audit_checkpoints
		ORDER BY xid DESC, seq DESC LIMIT 1`))
}

// checkpointBefore is the newest checkpoint created at or before t, or the
// zero Checkpoint.
func checkpointBefore(ctx context.Context, q querier, t time.Time) (Checkpoint, error) {
	return oneCheckpoint(q.Query(ctx, `SELECT `+checkpointColumns+` FROM audit_checkpoints
		WHERE created_at <= $1 ORDER BY xid DESC, seq DESC LIMIT 1`, t))
}

func oneCheckpoint(rows pgx.Rows, err error) (Checkpoint, error) {
	if err != nil {
		return Checkpoint{}, err
	}
	cp, err := pgx.CollectExactlyOneRow(rows, scanCheckpoint)
	if errors.Is(err, pgx.ErrNoRows) {
		return Checkpoint{}, nil
	}
	return cp, err
}

func queryCheckpoints(ctx context.Context, q querier, sql string, args ...any) ([]Checkpoint, error) {
	rows, err := q.Query(ctx, sql, args...)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, scanCheckpoint)
}

func scanCheckpoint(row pgx.CollectableRow) (Checkpoint, error) {
	var (
		c                 Checkpoint
		xid, seq, count   int64
		digest, signature []byte
	)
	err := row.Scan(&c.ID, &xid, &seq, &count, &digest, &c.CreatedAt, &c.KeyID, &signature)
	c.Position, c.Events, c.Digest, c.Signature = position(xid, seq), uint64(count), storedHash(digest), signature
	c.CreatedAt = c.CreatedAt.UTC()
	return c, err
}
