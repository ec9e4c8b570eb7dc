package reporting_test

import (
	"context"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/klient-crm/klient/eventstore/postgres"
	"github.com/klient-crm/klient/internal/pgmigrate"
	"github.com/klient-crm/klient/internal/pgtest"
	"github.com/klient-crm/klient/projections"
	"github.com/klient-crm/klient/projections/audit"
	"github.com/klient-crm/klient/projections/communications"
	"github.com/klient-crm/klient/projections/contacts"
	"github.com/klient-crm/klient/projections/gdpr"
	"github.com/klient-crm/klient/projections/matters"
	"github.com/klient-crm/klient/projections/reporting"
	"github.com/klient-crm/klient/projections/staff"
	"github.com/klient-crm/klient/projections/work"
)

// newDatabase migrates a fresh database as the application does (event
// store, read models, reporting) and creates the read models' tables the
// views read.
func newDatabase(t *testing.T) *pgxpool.Pool {
	t.Helper()
	ctx := context.Background()
	pool := pgtest.NewPool(t)
	_, err := pgmigrate.Apply(ctx, pool, postgres.Migrations(), projections.Migrations(), work.Migrations(),
		gdpr.Migrations(), reporting.Migrations())
	must(t, err)
	err = pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		for _, p := range readModels() {
			if err := p.Setup(ctx, tx); err != nil {
				return err
			}
		}
		return nil
	})
	must(t, err)
	return pool
}

// readModels are the projectors whose tables the views read.
func readModels() []projections.Projector {
	return []projections.Projector{contacts.NewProjector(), staff.NewProjector(), matters.NewProjector(),
		work.NewProjector(), communications.NewProjector(), gdpr.NewProjector(), audit.NewProjector()}
}

// asAnalyst runs f in a transaction as klient_analyst.
func asAnalyst(t *testing.T, pool *pgxpool.Pool, f func(tx pgx.Tx) error) error {
	t.Helper()
	ctx := context.Background()
	tx, err := pool.Begin(ctx)
	must(t, err)
	defer tx.Rollback(ctx) //nolint:errcheck // read-only
	if _, err := tx.Exec(ctx, `SET LOCAL ROLE klient_analyst`); err != nil {
		t.Fatal(err)
	}
	return f(tx)
}

// rowsAsText runs sql and renders every value as text.
func rowsAsText(ctx context.Context, tx pgx.Tx, sql string) ([][]string, error) {
	rows, err := tx.Query(ctx, sql)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) ([]string, error) {
		vals, err := row.Values()
		out := make([]string, len(vals))
		for i, v := range vals {
			out[i] = render(v)
		}
		return out, err
	})
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
