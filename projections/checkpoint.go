package projections

import (
	"context"
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/klient-crm/klient/eventstore"
)

// Statuses stored in projector_checkpoints.status.
const (
	StatusNew        = "new"        // tables created, nothing applied yet
	StatusRunning    = "running"    // an instance runs it (or ran it until it crashed)
	StatusStopped    = "stopped"    // its runner shut down cleanly
	StatusFailed     = "failed"     // stopped on a batch it could not apply; see last_error
	StatusRebuilding = "rebuilding" // reset to the start of the log, replay pending
)

// checkpoint is one row of projector_checkpoints.
type checkpoint struct {
	Version       int
	Position      eventstore.Position
	Status        string
	LastError     string
	EventsApplied uint64
	UpdatedAt     time.Time
}

// querier is what both a pool and a transaction offer.
type querier interface {
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
}

const checkpointColumns = `version, commit, prepare, status, last_error, events_applied, updated_at`

func scanCheckpoint(row pgx.Row) (checkpoint, error) {
	var c checkpoint
	var commit, prepare, applied int64
	err := row.Scan(&c.Version, &commit, &prepare, &c.Status, &c.LastError, &applied, &c.UpdatedAt)
	c.Position = eventstore.Position{Commit: uint64(commit), Prepare: uint64(prepare)}
	c.EventsApplied = uint64(applied)
	return c, err
}

// readCheckpoint returns name's checkpoint; found is false before its first run.
func readCheckpoint(ctx context.Context, q querier, name string) (c checkpoint, found bool, err error) {
	c, err = scanCheckpoint(q.QueryRow(ctx, `SELECT `+checkpointColumns+` FROM projector_checkpoints WHERE name = $1`, name))
	if errors.Is(err, pgx.ErrNoRows) {
		return checkpoint{}, false, nil
	}
	if err != nil {
		return c, false, fmt.Errorf("projections: read checkpoint of %s: %w", name, err)
	}
	return c, true, nil
}

// lockCheckpoint reads name's checkpoint and holds its row until tx ends.
// Every writer locks this row first, so applying a batch and resetting the
// read model can never deadlock on the read model's tables.
func lockCheckpoint(ctx context.Context, tx pgx.Tx, name string) (checkpoint, error) {
	c, err := scanCheckpoint(tx.QueryRow(ctx, `SELECT `+checkpointColumns+` FROM projector_checkpoints WHERE name = $1 FOR UPDATE`, name))
	if err != nil {
		return c, fmt.Errorf("projections: lock checkpoint of %s: %w", name, err)
	}
	return c, nil
}

func advanceCheckpoint(ctx context.Context, tx pgx.Tx, name string, to eventstore.Position, events int) error {
	commit, prepare, err := storedPosition(to)
	if err != nil {
		return err
	}
	_, err = tx.Exec(ctx, `UPDATE projector_checkpoints
		SET commit = $2, prepare = $3, events_applied = events_applied + $4, updated_at = now(),
		    status = 'running', last_error = ''
		WHERE name = $1`, name, commit, prepare, events)
	if err != nil {
		return fmt.Errorf("projections: advance checkpoint of %s: %w", name, err)
	}
	return nil
}

// setStatus records a runner's state outside any batch.
func setStatus(ctx context.Context, q querier, name, status, lastError string) error {
	_, err := q.Exec(ctx, `UPDATE projector_checkpoints SET status = $2, last_error = $3, updated_at = now()
		WHERE name = $1`, name, status, lastError)
	if err != nil {
		return fmt.Errorf("projections: set status of %s: %w", name, err)
	}
	return nil
}

func storedPosition(p eventstore.Position) (int64, int64, error) {
	if p.Commit > math.MaxInt64 || p.Prepare > math.MaxInt64 {
		return 0, 0, fmt.Errorf("projections: position %s does not fit the checkpoint table", p)
	}
	return int64(p.Commit), int64(p.Prepare), nil
}
