package postgres

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io/fs"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/klient-crm/klient/eventstore"
	"github.com/klient-crm/klient/internal/pgmigrate"
)

//go:embed cluster_migrations/*.sql
var clusterMigrationFiles embed.FS

// ClusterCheckpointMigrations is the schema of ClusterCheckpoints, applied
// where the event log lives in an EventStoreDB cluster (the PostgreSQL
// log's own checkpoints are in Migrations).
func ClusterCheckpointMigrations() pgmigrate.Set {
	files, err := fs.Sub(clusterMigrationFiles, "cluster_migrations")
	if err != nil {
		panic(err) // the embedded directory is fixed at build time
	}
	return pgmigrate.Set{Component: "cluster_checkpoints", Files: files}
}

// ClusterCheckpoints keeps an EventStoreDB cluster's signed checkpoints in
// PostgreSQL (eventstore.CheckpointBook).
type ClusterCheckpoints struct{ pool *pgxpool.Pool }

var _ eventstore.CheckpointBook = ClusterCheckpoints{}

// NewClusterCheckpoints is the book in pool's database.
func NewClusterCheckpoints(pool *pgxpool.Pool) ClusterCheckpoints {
	return ClusterCheckpoints{pool: pool}
}

const clusterCheckpointColumns = `id, commit_position, prepare_position, event_count, digest, created_at, key_id, signature`

// clusterCheckpointLock serialises the cluster's checkpoint writers.
const clusterCheckpointLock = 0x6b6c63707473 // "klcpts"

// Checkpoints lists every checkpoint in force, oldest first.
func (b ClusterCheckpoints) Checkpoints(ctx context.Context) ([]eventstore.Checkpoint, error) {
	cps, err := queryClusterCheckpoints(ctx, b.pool, `SELECT `+clusterCheckpointColumns+
		` FROM audit_cluster_checkpoints WHERE withdrawn_at IS NULL ORDER BY commit_position, prepare_position`)
	if err != nil {
		return nil, fmt.Errorf("eventstore/postgres: cluster checkpoints: %w", err)
	}
	return cps, nil
}

// Extend holds the writers' lock while next folds the log after the
// newest checkpoint, and stores what it signed.
func (b ClusterCheckpoints) Extend(ctx context.Context, next func(last eventstore.Checkpoint) (eventstore.Checkpoint, bool, error)) (eventstore.Checkpoint, bool, error) {
	var cp eventstore.Checkpoint
	var wrote bool
	err := pgx.BeginFunc(ctx, b.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, clusterCheckpointLock); err != nil {
			return err
		}
		last, err := queryClusterCheckpoints(ctx, tx, `SELECT `+clusterCheckpointColumns+
			` FROM audit_cluster_checkpoints WHERE withdrawn_at IS NULL ORDER BY commit_position DESC, prepare_position DESC LIMIT 1`)
		if err != nil {
			return err
		}
		cp = eventstore.Checkpoint{Log: eventstore.LogCluster}
		if len(last) == 1 {
			cp = last[0]
		}
		if cp, wrote, err = next(cp); err != nil || !wrote {
			return err
		}
		return tx.QueryRow(ctx, `INSERT INTO audit_cluster_checkpoints
			(commit_position, prepare_position, event_count, digest, created_at, key_id, signature)
			VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
			int64(cp.Position.Commit), int64(cp.Position.Prepare), int64(cp.Events), cp.Digest[:],
			cp.CreatedAt, cp.KeyID, cp.Signature).Scan(&cp.ID)
	})
	if err != nil {
		return eventstore.Checkpoint{}, false, fmt.Errorf("eventstore/postgres: cluster checkpoint: %w", err)
	}
	return cp, wrote, nil
}

func queryClusterCheckpoints(ctx context.Context, q querier, sql string) ([]eventstore.Checkpoint, error) {
	rows, err := q.Query(ctx, sql)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (eventstore.Checkpoint, error) {
		var (
			c                 eventstore.Checkpoint
			commit, prepare   int64
			count             int64
			digest, signature []byte
		)
		err := row.Scan(&c.ID, &commit, &prepare, &count, &digest, &c.CreatedAt, &c.KeyID, &signature)
		if commit < 0 || prepare < 0 || count < 0 {
			err = errors.Join(err, errors.New("a checkpoint row holds a negative number"))
		}
		c.Log, c.Position, c.Events = eventstore.LogCluster, eventstore.Position{Commit: uint64(commit), Prepare: uint64(prepare)}, uint64(count)
		c.Digest, c.Signature, c.CreatedAt = storedHash(digest), signature, c.CreatedAt.UTC()
		return c, err
	})
}

// Withdraw marks the checkpoints ids withdrawn: kept, no longer in force.
func (b ClusterCheckpoints) Withdraw(ctx context.Context, ids []int64) error {
	if _, err := b.pool.Exec(ctx, `UPDATE audit_cluster_checkpoints SET withdrawn_at = now() WHERE id = ANY($1)`, ids); err != nil {
		return fmt.Errorf("eventstore/postgres: withdraw cluster checkpoints: %w", err)
	}
	return nil
}
