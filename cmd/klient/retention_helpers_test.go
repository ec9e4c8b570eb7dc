package main

import (
	"context"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	contactcmd "github.com/klient-crm/klient/commands/contact"
	gdprcmd "github.com/klient-crm/klient/commands/gdpr"
	"github.com/klient-crm/klient/commands/journal"
	"github.com/klient-crm/klient/domain/contact"
	"github.com/klient-crm/klient/domain/gdpr"
	"github.com/klient-crm/klient/eventstore"
	"github.com/klient-crm/klient/internal/pgtest"
)

// setup is one database and data directory, reached by the in-process
// app and by the subcommands through the same flags.
type setup struct {
	flags []string
}

func newSetup(t *testing.T) setup {
	t.Helper()
	dsn := pgtest.NewDatabase(t)
	return setup{flags: []string{"--database-url", dsn, "--keystore-url", "", "--eventstore", "postgres",
		"--data-dir", t.TempDir(), "--master-key", "", "--log-level", "warn"}}
}

// open wires an app on the setup, closed when the test ends.
func (s setup) open(t *testing.T) *app {
	t.Helper()
	cfg, _, err := parseConfig("test", s.flags, io.Discard, nil)
	check(t, err)
	a, err := openApp(context.Background(), cfg)
	check(t, err)
	t.Cleanup(a.Close)
	return a
}

// run runs a subcommand on the setup and returns its output.
func (s setup) run(t *testing.T, sub func(context.Context, []string, io.Writer) error, args ...string) (string, error) {
	t.Helper()
	var out strings.Builder
	err := sub(context.Background(), append(args, s.flags...), &out)
	return out.String(), err
}

// project runs a's projectors until they have applied everything up to pos.
func project(t *testing.T, a *app, pos eventstore.Position) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	var wg sync.WaitGroup
	wg.Go(func() { _ = a.runtime.Run(ctx) })
	defer func() { cancel(); wg.Wait() }()
	for _, name := range a.runtime.Projectors() {
		check(t, a.runtime.WaitFor(ctx, name, pos))
	}
}

// live runs a's projectors until the test ends, for commands that wait
// for a read model; settle then waits for a position.
func live(t *testing.T, a *app) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Go(func() { _ = a.runtime.Run(ctx) })
	t.Cleanup(func() { cancel(); wg.Wait() })
}

func settle(t *testing.T, a *app, pos eventstore.Position) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	for _, name := range a.runtime.Projectors() {
		check(t, a.runtime.WaitFor(ctx, name, pos))
	}
}

// person registers a person as a member of staff would.
func person(t *testing.T, a *app, d contact.PersonDetails) contactcmd.Result {
	t.Helper()
	h, err := contactcmd.NewRegisterPersonHandler(a.contacts)
	check(t, err)
	res, err := h.Handle(context.Background(), contactcmd.RegisterPerson{Actor: journal.Actor{ID: "staff-1"}, Details: d})
	check(t, err)
	return res
}

// basis records a lawful basis for subject, so retention keeps them.
func basis(t *testing.T, a *app, subject string) eventstore.Position {
	t.Helper()
	h, err := gdprcmd.NewRecordLawfulBasisHandler(a.subjects)
	check(t, err)
	res, err := h.Handle(context.Background(), gdprcmd.RecordLawfulBasis{Actor: journal.Actor{ID: "staff-1"},
		SubjectID: subject, Basis: gdpr.BasisContract, Purpose: "client_relationship"})
	check(t, err)
	return res.Position
}

// tablesHolding lists the tables of a's database whose rows, as text,
// contain any of needles (case-insensitive).
func tablesHolding(t *testing.T, a *app, needles ...string) []string {
	t.Helper()
	ctx := context.Background()
	rows, err := a.pool.Query(ctx, `SELECT table_schema, table_name FROM information_schema.tables
		WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('information_schema', 'pg_catalog')`)
	check(t, err)
	tables, err := pgx.CollectRows(rows, pgx.RowToStructByPos[struct{ Schema, Name string }])
	check(t, err)
	var found []string
	for _, tb := range tables {
		name := pgx.Identifier{tb.Schema, tb.Name}.Sanitize()
		for _, n := range needles {
			var hit bool
			check(t, a.pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM `+name+` t WHERE lower(t::text) LIKE '%'||lower($1)||'%')`, n).Scan(&hit))
			if hit {
				found = append(found, name+": "+n)
			}
		}
	}
	return found
}

func check(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
