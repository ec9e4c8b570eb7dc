package reporting_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// klient_analyst reads the reporting views and nothing else: no read-model
// table, no event, no key, no pseudonym of an ID of its choosing.
func TestAnalystReadsOnlyTheReportingSchema(t *testing.T) {
	t.Parallel()
	pool := newDatabase(t)
	fillFixture(t, pool)
	for _, sql := range []string{
		`SELECT * FROM public.contacts_v1`,
		`SELECT * FROM public.staff_v1`,
		`SELECT * FROM public.events`,
		`SELECT * FROM public.audit_trail_v1`,
		`SELECT * FROM reporting_private.pseudonym_key`,
		`SELECT reporting_private.pseudonym('contact-id-1')`,
		`SELECT * FROM reporting_private.contacts()`,
		`CREATE TABLE reporting.mine (x int)`,
		`CREATE TABLE public.mine (x int)`,
	} {
		err := asAnalyst(t, pool, func(tx pgx.Tx) error {
			_, err := tx.Exec(context.Background(), sql)
			return err
		})
		var pgErr *pgconn.PgError
		if !errors.As(err, &pgErr) || pgErr.Code != "42501" { // insufficient_privilege
			t.Errorf("%s as klient_analyst: %v, want permission denied", sql, err)
		}
	}
	// Unqualified, the public schema is not even on the analyst's path.
	err := asAnalyst(t, pool, func(tx pgx.Tx) error {
		_, err := tx.Exec(context.Background(), `SELECT * FROM contacts_v1`)
		return err
	})
	var pgErr *pgconn.PgError
	if !errors.As(err, &pgErr) || pgErr.Code != "42P01" { // undefined_table
		t.Errorf("unqualified read-model table: %v, want no such table", err)
	}
	err = asAnalyst(t, pool, func(tx pgx.Tx) error {
		_, err := tx.Exec(context.Background(), `SELECT count(*) FROM reporting.contacts`)
		return err
	})
	must(t, err)
}

// The views do not pin the read models' tables: each read model can still
// drop its tables (without CASCADE) and set them up again, and the views
// then read the new tables.
func TestReadModelsRebuildUnderTheViews(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pool := newDatabase(t)
	fillFixture(t, pool)
	err := pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		for _, p := range readModels() {
			if err := p.Drop(ctx, tx); err != nil {
				return err
			}
			if err := p.Setup(ctx, tx); err != nil {
				return err
			}
		}
		return nil
	})
	must(t, err)
	var n int
	must(t, pool.QueryRow(ctx, `SELECT count(*) FROM reporting.contacts`).Scan(&n))
	if n != 0 {
		t.Fatalf("%d contacts after the rebuild emptied the read model", n)
	}
}

// While a read model the views read is being rebuilt (its checkpoint says
// "rebuilding": projections/rebuilding.go), every view refuses with a
// reason instead of answering as if complete: a contacts table a third
// replayed would count a third of the contacts, and a GDPR register not
// yet replayed would let a restricted person through. Once it runs again
// they answer.
func TestViewsRefuseWhileAReadModelIsRebuilt(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pool := newDatabase(t)
	fillFixture(t, pool)
	views := []string{"contacts", "staff_activity", "events_per_day", "matters", "tasks", "deadlines", "communications"}
	for _, name := range []string{"gdpr", "contacts"} {
		_, err := pool.Exec(ctx, `INSERT INTO projector_checkpoints (name, version, status) VALUES ($1, 1, 'rebuilding')
			ON CONFLICT (name) DO UPDATE SET status = 'rebuilding'`, name)
		must(t, err)
		for _, view := range views {
			err := asAnalyst(t, pool, func(tx pgx.Tx) error {
				_, err := rowsAsText(ctx, tx, `SELECT * FROM reporting.`+view)
				return err
			})
			var pgErr *pgconn.PgError
			if !errors.As(err, &pgErr) || pgErr.Code != "55000" || !strings.Contains(pgErr.Message, name) ||
				!strings.Contains(pgErr.Message, "rebuilt") {
				t.Errorf("reporting.%s while %s is rebuilt: %v, want a refusal naming it", view, name, err)
			}
		}
		_, err = pool.Exec(ctx, `UPDATE projector_checkpoints SET status = 'running' WHERE name = $1`, name)
		must(t, err)
	}
	for _, view := range views {
		must(t, asAnalyst(t, pool, func(tx pgx.Tx) error {
			_, err := rowsAsText(ctx, tx, `SELECT * FROM reporting.`+view)
			return err
		}))
	}
}
