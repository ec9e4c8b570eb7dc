// Package pgmigrate applies versioned SQL files, in order, each in its own
// transaction, and records them in schema_migrations. Each component (event
// store, key store, projections) owns its own set, so one database can hold
// them all and a production deployment can split them.
//
// May import: pgx and the standard library.
package pgmigrate

import (
	"context"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// Set is one component's migrations: files named NNNN_what.sql at the root
// of Files (usually an embed.FS sub-tree).
type Set struct {
	Component string
	Files     fs.FS
}

type migration struct {
	version int
	name    string
	sql     string
}

// advisoryLockKey serialises concurrent start-ups of several instances.
const advisoryLockKey = 0x6b6c69656e74 // "klient"

const ddl = `CREATE TABLE IF NOT EXISTS schema_migrations (
	component  text        NOT NULL,
	version    integer     NOT NULL,
	name       text        NOT NULL,
	applied_at timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (component, version))`

// Apply brings every set up to date and returns how many files it applied.
func Apply(ctx context.Context, pool *pgxpool.Pool, sets ...Set) (int, error) {
	conn, err := pool.Acquire(ctx)
	if err != nil {
		return 0, fmt.Errorf("migrate: connect: %w", err)
	}
	defer conn.Release()
	if _, err := conn.Exec(ctx, "SELECT pg_advisory_lock($1)", advisoryLockKey); err != nil {
		return 0, fmt.Errorf("migrate: lock: %w", err)
	}
	defer conn.Exec(context.WithoutCancel(ctx), "SELECT pg_advisory_unlock($1)", advisoryLockKey) //nolint:errcheck
	if _, err := conn.Exec(ctx, ddl); err != nil {
		return 0, fmt.Errorf("migrate: bookkeeping table: %w", err)
	}
	applied := 0
	for _, s := range sets {
		n, err := applySet(ctx, conn.Conn(), s)
		applied += n
		if err != nil {
			return applied, err
		}
	}
	return applied, nil
}

func applySet(ctx context.Context, conn *pgx.Conn, s Set) (int, error) {
	ms, err := load(s.Files)
	if err != nil {
		return 0, fmt.Errorf("migrate %s: %w", s.Component, err)
	}
	var current int
	err = conn.QueryRow(ctx, `SELECT coalesce(max(version), 0) FROM schema_migrations WHERE component = $1`, s.Component).Scan(&current)
	if err != nil {
		return 0, fmt.Errorf("migrate %s: read version: %w", s.Component, err)
	}
	n := 0
	for _, m := range ms {
		if m.version <= current {
			continue
		}
		if err := applyOne(ctx, conn, s.Component, m); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

func applyOne(ctx context.Context, conn *pgx.Conn, component string, m migration) error {
	return pgx.BeginFunc(ctx, conn, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, m.sql); err != nil {
			return fmt.Errorf("migrate %s %04d_%s: %w", component, m.version, m.name, err)
		}
		_, err := tx.Exec(ctx, `INSERT INTO schema_migrations (component, version, name) VALUES ($1, $2, $3)`,
			component, m.version, m.name)
		return err
	})
}

func load(files fs.FS) ([]migration, error) {
	entries, err := fs.ReadDir(files, ".")
	if err != nil {
		return nil, err
	}
	var ms []migration
	seen := map[int]string{}
	for _, e := range entries {
		if e.IsDir() || path.Ext(e.Name()) != ".sql" {
			continue
		}
		m, err := parse(files, e.Name())
		if err != nil {
			return nil, err
		}
		if other, dup := seen[m.version]; dup {
			return nil, fmt.Errorf("two migrations numbered %d: %s and %s", m.version, other, e.Name())
		}
		seen[m.version] = e.Name()
		ms = append(ms, m)
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].version < ms[j].version })
	return ms, nil
}

func parse(files fs.FS, name string) (migration, error) {
	num, rest, ok := strings.Cut(strings.TrimSuffix(name, ".sql"), "_")
	v, err := strconv.Atoi(num)
	if !ok || err != nil || v <= 0 {
		return migration{}, fmt.Errorf("migration file %q is not named NNNN_what.sql", name)
	}
	body, err := fs.ReadFile(files, name)
	if err != nil {
		return migration{}, err
	}
	return migration{version: v, name: rest, sql: string(body)}, nil
}
