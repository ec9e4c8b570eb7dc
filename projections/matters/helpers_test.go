package matters_test

import (
	"testing"

	"github.com/klient-crm/klient/projections/projtest"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/matter"
	"github.com/klient-crm/klient/projections"
	"github.com/klient-crm/klient/projections/matters"
)

// world is one test's database with the real store, keyring, codec and a
// projections runtime running the matters projector.
type world struct{ *projtest.World }

func newWorld(t testing.TB) *world {
	t.Helper()
	w := &world{projtest.New(t, projtest.Config{Projectors: []projections.Projector{matters.NewProjector()},
		Events: matter.Events()})}
	w.Run()
	return w
}

// caughtUp waits until the read model holds everything written so far.
func (w *world) caughtUp() {
	w.T.Helper()
	w.CaughtUp(matters.Name)
}

// open writes a matter's opening with its parties (contact ID → role).
func (w *world) open(number, title string, parties map[string]matter.PartyRole) string {
	w.T.Helper()
	id := newID()
	evs := []domain.Event{matter.MatterOpened{MatterID: id, MatterSubject: matter.Subject(id), Number: number,
		PracticeArea: "processrätt", ResponsibleLawyer: "lawyer-1", File: number,
		DetailsSubject: domain.EntryKey(matter.Subject(id), "details"), Details: matter.Details{Title: title}}}
	for c, role := range parties {
		evs = append(evs, matter.PartyAdded{MatterID: id, PartyID: "party-" + c, ContactID: c, Role: role})
	}
	w.Write(matter.StreamName(id), evs...)
	return id
}

var newID = projtest.NewID

var must = projtest.Must
