// Package pgrewrite rewrites tables so that the rows an erasure removed
// from them leave no bytes in the database's files.
//
// PostgreSQL keeps a deleted or updated row's old version in its page
// until VACUUM prunes it, and pruning frees the space without overwriting
// it: where no live row is moved over the old bytes they stay until a
// later row happens to land there (a person registered last and erased
// first stays whole, in the table and in its indexes). VACUUM FULL writes
// the live rows into new files and unlinks the old ones; its ANALYZE
// samples the planner's statistics again, which may hold the person's
// values too (except for a table left empty: ANALYZE then writes nothing,
// and Tables says so), and a VACUUM FULL of pg_statistic then drops the
// old samples' row versions. The write-ahead log still holds what was
// written, until its segments are recycled (docs/gdpr.md).
//
// May import: nothing of this module.
package pgrewrite

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
)

// The bounds of a rewrite's waits. A rewrite holds its table against
// readers while it runs; queued behind a long reader (a running pg_dump
// holds every table it dumps) it would hold every reader after it off
// too, so each attempt waits LockWait for its table and steps aside.
const (
	LockWait  = time.Second
	RetryFor  = 15 * time.Minute // attempts stop after this long
	OlderWait = time.Minute      // how long transactions older than the rewrite are waited for
)

// Tables rewrites each table (VACUUM (FULL, ANALYZE)), then pg_statistic,
// on a connection of its own. Before each step it waits (at most
// OlderWait) for the transactions older than the step to end: VACUUM keeps
// a removed row while any snapshot may still see it, and every snapshot
// taken while an old transaction runs anywhere in the cluster (a CREATE
// DATABASE next door) may. It refuses when the role may not rewrite
// pg_statistic, which VACUUM would only warn of: it must own the database
// or be a superuser.
func Tables(ctx context.Context, pool *pgxpool.Pool, tables []string) error {
	if len(tables) == 0 {
		return nil
	}
	conn, err := pgx.ConnectConfig(ctx, pool.Config().ConnConfig.Copy())
	if err != nil {
		return fmt.Errorf("pgrewrite: %w", err)
	}
	defer conn.Close(context.WithoutCancel(ctx))
	if err := mayRewriteCatalogs(ctx, conn); err != nil {
		return err
	}
	if _, err := conn.Exec(ctx, fmt.Sprintf("SET lock_timeout = %d", LockWait.Milliseconds())); err != nil {
		return fmt.Errorf("pgrewrite: %w", err)
	}
	older := awaitOlderTransactions(ctx, conn)
	for _, t := range tables {
		if err := vacuum(ctx, conn, "VACUUM (FULL, ANALYZE) "+pgx.Identifier{t}.Sanitize()); err != nil {
			return fmt.Errorf("pgrewrite: rewrite %s: %w", t, err)
		}
		older = errors.Join(older, staleStatistics(ctx, conn, t))
	}
	// Each ANALYZE above left the old samples behind as dead row versions.
	older = errors.Join(older, awaitOlderTransactions(ctx, conn))
	if err := vacuum(ctx, conn, "VACUUM (FULL) pg_catalog.pg_statistic"); err != nil {
		return fmt.Errorf("pgrewrite: rewrite the planner's statistics: %w", err)
	}
	return older
}

// staleStatistics says so when table is empty but the planner still has
// statistics of it: ANALYZE writes none for an empty table, so the values
// sampled before (the erased person's, when they were its only rows)
// stay until the table has rows and is analysed again, and the next
// rewrite drops the old samples. The table's owner has no way to clear
// them short of altering its columns.
func staleStatistics(ctx context.Context, conn *pgx.Conn, table string) error {
	var stale bool
	err := conn.QueryRow(ctx, `SELECT NOT EXISTS (SELECT 1 FROM `+pgx.Identifier{table}.Sanitize()+`)
		AND EXISTS (SELECT 1 FROM pg_stats WHERE schemaname = current_schema() AND tablename = $1)`, table).Scan(&stale)
	if err != nil {
		return fmt.Errorf("pgrewrite: %w", err)
	}
	if stale {
		return fmt.Errorf("pgrewrite: %s is empty now and keeps the statistics sampled before: they go once it has rows "+
			"again and is analysed, at the next rewrite", table)
	}
	return nil
}

// vacuum runs sql, again after a pause whenever its table was held
// longer than LockWait, until RetryFor has passed.
func vacuum(ctx context.Context, conn *pgx.Conn, sql string) error {
	pause := 2 * time.Second
	for deadline := time.Now().Add(RetryFor); ; pause = min(2*pause, 30*time.Second) {
		_, err := conn.Exec(ctx, sql)
		var pg *pgconn.PgError
		if err == nil || !errors.As(err, &pg) || pg.Code != "55P03" || time.Now().After(deadline) {
			return err
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(pause):
		}
	}
}

// mayRewriteCatalogs refuses a role that is neither a superuser nor a
// member of the database's owner.
func mayRewriteCatalogs(ctx context.Context, conn *pgx.Conn) error {
	var may bool
	err := conn.QueryRow(ctx, `SELECT r.rolsuper OR pg_has_role(d.datdba, 'USAGE')
		FROM pg_database d, pg_roles r WHERE d.datname = current_database() AND r.rolname = current_user`).Scan(&may)
	if err != nil {
		return fmt.Errorf("pgrewrite: %w", err)
	}
	if !may {
		return errors.New("pgrewrite: the database role must own the database (or be a superuser) to rewrite " +
			"the planner's statistics, which may hold an erased person's values")
	}
	return nil
}

// olderSQL counts what may still see a row removed before transaction
// ID $1 was the next to be given: a transaction older than $1 still
// running anywhere in the cluster (every snapshot taken meanwhile, the
// rewrite's own too, may see what it could), and a session of this
// database holding a snapshot older than $1. Transaction IDs in
// pg_stat_activity are 32-bit and wrap; $1 is compared modulo 2^32.
const olderSQL = `SELECT (pg_snapshot_xmin(pg_current_snapshot())::text::bigint < $1)::int + (SELECT count(*)
	FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_xmin IS NOT NULL
		AND ((($1 % 4294967296) - backend_xmin::text::bigint) % 4294967296 + 4294967296) % 4294967296
			BETWEEN 1 AND 2147483647)`

// awaitOlderTransactions waits until nothing older than now may see a
// removed row, or OlderWait has passed; then it says so in its error,
// and the rewrite goes on all the same.
func awaitOlderTransactions(ctx context.Context, conn *pgx.Conn) error {
	var next int64
	if err := conn.QueryRow(ctx, `SELECT pg_snapshot_xmax(pg_current_snapshot())::text::bigint`).Scan(&next); err != nil {
		return fmt.Errorf("pgrewrite: %w", err)
	}
	for deadline := time.Now().Add(OlderWait); ; {
		var older int
		switch err := conn.QueryRow(ctx, olderSQL, next).Scan(&older); {
		case err != nil:
			return fmt.Errorf("pgrewrite: %w", err)
		case older == 0:
			return nil
		case time.Now().After(deadline):
			return fmt.Errorf("pgrewrite: transactions older than the rewrite were still open after %s: "+
				"rows only they could see are left until the next rewrite", OlderWait)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
	}
}
