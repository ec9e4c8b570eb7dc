package contacts_test

import (
	"context"
	"testing"

	"github.com/klient-crm/klient/projections/projtest"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/contact"
	"github.com/klient-crm/klient/projections"
	"github.com/klient-crm/klient/projections/contacts"
)

// world is one test's database with the real store, keyring, codec and a
// projections runtime holding the contacts projector.
type world struct{ *projtest.World }

func newWorld(t testing.TB) *world {
	t.Helper()
	w := &world{projtest.New(t, projtest.Config{Projectors: []projections.Projector{contacts.NewProjector()},
		Events: contact.Events()})}
	return w
}

// write appends events to one aggregate's stream (after what it holds).
func (w *world) write(id string, evs ...domain.Event) {
	w.T.Helper()
	w.Write(contact.StreamName(id), evs...)
}

// caughtUp waits until the read model holds everything written so far.
func (w *world) caughtUp() {
	w.T.Helper()
	w.CaughtUp("contacts")
}

func (w *world) search(q string, opts contacts.Options) []contacts.Summary {
	w.T.Helper()
	out, err := contacts.Search(context.Background(), w.Pool, q, opts)
	must(w.T, err)
	return out
}

// addPerson registers a person and returns the new contact's ID.
func (w *world) addPerson(d contact.PersonDetails) string {
	w.T.Helper()
	id := newID()
	w.write(id, contact.PersonRegistered{ContactID: id, Details: d})
	return id
}

func person(given, family, pnr string) contact.PersonDetails {
	return contact.PersonDetails{GivenName: given, FamilyName: family, Personnummer: pnr}
}

var newID = projtest.NewID

func names(ss []contacts.Summary) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = s.DisplayName
	}
	return out
}

var must = projtest.Must
