package gdpr_test

import (
	"context"
	"testing"
	"time"

	"github.com/klient-crm/klient/projections/projtest"

	contactcmd "github.com/klient-crm/klient/commands/contact"
	gdprcmd "github.com/klient-crm/klient/commands/gdpr"
	"github.com/klient-crm/klient/commands/journal"
	"github.com/klient-crm/klient/domain/contact"
	gdprdomain "github.com/klient-crm/klient/domain/gdpr"
	"github.com/klient-crm/klient/internal/pgmigrate"
	"github.com/klient-crm/klient/projections"
	"github.com/klient-crm/klient/projections/gdpr"
)

// today is the tests' starting clock: 15 March 2026, in the morning.
var today = time.Date(2026, time.March, 15, 9, 30, 0, 0, time.UTC)

var staff = journal.Actor{ID: "staff-0001", CorrelationID: "req-0001"}

// world is one test's database with the real store, keyring, codec, the
// GDPR commands on a clock the test moves, and a running projections
// runtime holding the gdpr projector.
type world struct {
	*projtest.World
	clock    time.Time
	contacts *contactcmd.Contacts
	subjects *gdprcmd.Subjects
	requests *gdprcmd.Requests
	links    *gdprdomain.WithdrawalLinks
}

func newWorld(t testing.TB) *world {
	t.Helper()
	w := &world{World: projtest.New(t, projtest.Config{Projectors: []projections.Projector{gdpr.NewProjector()},
		Events: append(contact.Events(), gdprdomain.Events()...), Migrations: []pgmigrate.Set{gdpr.Migrations()}}), clock: today}
	w.commands()
	w.Run()
	return w
}

func (w *world) commands() {
	now := func() time.Time { return w.clock }
	var err error
	w.contacts, err = contactcmd.NewContacts(w.Store, w.Codec, now)
	must(w.T, err)
	w.subjects, err = gdprcmd.NewSubjects(w.Store, w.Codec, now, nil)
	must(w.T, err)
	w.requests, err = gdprcmd.NewRequests(w.Store, w.Codec, now)
	must(w.T, err)
	w.links, err = gdpr.LoadWithdrawalLinks(context.Background(), w.Pool)
	must(w.T, err)
}

// caughtUp waits until the read model holds everything written so far.
func (w *world) caughtUp() {
	w.T.Helper()
	w.CaughtUp("gdpr")
}

var must = projtest.Must
