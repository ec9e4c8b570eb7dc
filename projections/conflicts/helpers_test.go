package conflicts_test

import (
	"context"
	"testing"

	"github.com/klient-crm/klient/projections/projtest"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/contact"
	"github.com/klient-crm/klient/domain/gdpr"
	"github.com/klient-crm/klient/domain/matter"
	"github.com/klient-crm/klient/projections"
	"github.com/klient-crm/klient/projections/conflicts"
)

// world is one test's database with the real store, keyring, codec and a
// projections runtime running the conflict-index projector.
type world struct{ *projtest.World }

func newWorld(t testing.TB) *world {
	t.Helper()
	w := &world{projtest.New(t, projtest.Config{Projectors: []projections.Projector{conflicts.NewProjector()},
		Events: append(append(contact.Events(), matter.Events()...), gdpr.Events()...)})}
	w.Run()
	return w
}

// caughtUp waits until the read model holds everything written so far.
func (w *world) caughtUp() {
	w.T.Helper()
	w.CaughtUp(conflicts.Name)
}

func (w *world) person(given, family, pnr string, emails ...string) string {
	w.T.Helper()
	id := newID()
	d := contact.PersonDetails{GivenName: given, FamilyName: family, Personnummer: pnr}
	for _, e := range emails {
		d.Emails = append(d.Emails, contact.Email{Address: e})
	}
	w.Write(contact.StreamName(id), contact.PersonRegistered{ContactID: id, Details: d})
	return id
}

func (w *world) organisation(name, orgnr string) string {
	w.T.Helper()
	id := newID()
	w.Write(contact.StreamName(id), contact.OrganisationRegistered{ContactID: id,
		Details: contact.OrganisationDetails{Name: name, Organisationsnummer: orgnr}})
	return id
}

// matter opens a matter with the parties (contact ID → role).
func (w *world) matter(number string, parties map[string]matter.PartyRole) string {
	w.T.Helper()
	id := newID()
	evs := []domain.Event{matter.MatterOpened{MatterID: id, MatterSubject: matter.Subject(id), Number: number,
		PracticeArea: "processrätt", ResponsibleLawyer: "lawyer-1", File: number,
		DetailsSubject: domain.EntryKey(matter.Subject(id), "details"), Details: matter.Details{Title: "Ärende " + number}}}
	for c, role := range parties {
		evs = append(evs, matter.PartyAdded{MatterID: id, PartyID: "party-" + c, ContactID: c, Role: role})
	}
	w.Write(matter.StreamName(id), evs...)
	return id
}

func (w *world) check(exclude string, probes ...conflicts.PartyProbe) []conflicts.Hit {
	w.T.Helper()
	hits, err := conflicts.Check(context.Background(), w.Pool, conflicts.Input{Parties: probes, ExcludeMatter: exclude})
	must(w.T, err)
	return hits
}

var newID = projtest.NewID

var must = projtest.Must
