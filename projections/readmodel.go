package projections

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// prepareReadModel makes p's tables match p.Version(): on the first run it
// creates them; when the stored version differs it drops them, creates the
// new ones and moves the checkpoint back to the start of the log, all in one
// transaction. It reports whether it (re)built the tables. Either way the
// read model is rebuilding: empty before a log that may be long, until its
// runner reaches the head (start and apply say when).
func prepareReadModel(ctx context.Context, pool *pgxpool.Pool, p Projector, log *slog.Logger) (rebuilt bool, err error) {
	err = pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		c, err := lockOrCreateCheckpoint(ctx, tx, p.Name())
		if err != nil || c.Version == p.Version() {
			return err
		}
		log.Info("projector version changed: rebuilding read model", "projector", p.Name(),
			"stored_version", c.Version, "version", p.Version())
		rebuilt = true
		return resetReadModel(ctx, tx, p, StatusRebuilding)
	})
	return rebuilt, err
}

// lockOrCreateCheckpoint locks name's checkpoint row, creating it first
// (version 0: no tables yet) when the projector has never run.
func lockOrCreateCheckpoint(ctx context.Context, tx pgx.Tx, name string) (checkpoint, error) {
	_, err := tx.Exec(ctx, `INSERT INTO projector_checkpoints (name, version) VALUES ($1, 0)
		ON CONFLICT (name) DO NOTHING`, name)
	if err != nil {
		return checkpoint{}, fmt.Errorf("projections: create checkpoint of %s: %w", name, err)
	}
	return lockCheckpoint(ctx, tx, name)
}

// resetReadModel drops and recreates p's tables and rewinds its checkpoint.
// The caller holds the checkpoint row lock.
func resetReadModel(ctx context.Context, tx pgx.Tx, p Projector, status string) error {
	if err := p.Drop(ctx, tx); err != nil {
		return fmt.Errorf("projections: drop read model %s: %w", p.Name(), err)
	}
	if err := p.Setup(ctx, tx); err != nil {
		return fmt.Errorf("projections: set up read model %s_v%d: %w", p.Name(), p.Version(), err)
	}
	_, err := tx.Exec(ctx, `UPDATE projector_checkpoints SET version = $2, commit = 0, prepare = 0,
		events_applied = 0, status = $3, last_error = '', updated_at = now() WHERE name = $1`,
		p.Name(), p.Version(), status)
	if err != nil {
		return fmt.Errorf("projections: rewind checkpoint of %s: %w", p.Name(), err)
	}
	return nil
}
