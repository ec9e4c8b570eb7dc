package main

import (
	"context"
	"io"
	"strings"
	"testing"

	contactcmd "github.com/klient-crm/klient/commands/contact"
	"github.com/klient-crm/klient/domain/contact"
	"github.com/klient-crm/klient/eventstore"
	"github.com/klient-crm/klient/internal/apptest"
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
	apptest.Project(t, a.runtime, pos)
}

// live runs a's projectors until the test ends, for commands that wait
// for a read model; settle then waits for a position.
func live(t *testing.T, a *app) {
	t.Helper()
	apptest.Live(t, a.runtime)
}

func settle(t *testing.T, a *app, pos eventstore.Position) {
	t.Helper()
	apptest.Settle(t, a.runtime, pos)
}

// person registers a person as a member of staff would.
func person(t *testing.T, a *app, d contact.PersonDetails) contactcmd.Result {
	t.Helper()
	return apptest.Person(t, a.contacts, d)
}

// basis records a lawful basis for subject, so retention keeps them.
func basis(t *testing.T, a *app, subject string) eventstore.Position {
	t.Helper()
	return apptest.Basis(t, a.subjects, subject)
}

func check(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
