package contacts_test

import (
	"testing"

	"github.com/klient-crm/klient/domain/contact"
	"github.com/klient-crm/klient/projections/contacts"
)

// A relation recorded by one contact shows on both; ended, on neither.
func TestRelationshipsShowOnBothContacts(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	parent, child := newID(), newID()
	w.write(parent, contact.OrganisationRegistered{ContactID: parent, Details: contact.OrganisationDetails{Name: "Norrsken Holding AB"}})
	w.write(child, contact.OrganisationRegistered{ContactID: child, Details: contact.OrganisationDetails{Name: "Norrsken Bygg AB"}})
	w.write(parent, contact.RelationshipAdded{ContactID: parent, OtherID: child, Kind: string(contact.RelParent)})
	w.Run()
	w.caughtUp()

	p, err := contacts.Get(t.Context(), w.Pool, parent)
	must(t, err)
	c, err := contacts.Get(t.Context(), w.Pool, child)
	must(t, err)
	want := func(got []contacts.Relationship, other, name string, outgoing bool) {
		t.Helper()
		if len(got) != 1 || got[0].OtherID != other || got[0].OtherName != name || got[0].Kind != contact.RelParent || got[0].Outgoing != outgoing {
			t.Fatalf("relationships %+v", got)
		}
	}
	want(p.Relationships, child, "Norrsken Bygg AB", true)
	want(c.Relationships, parent, "Norrsken Holding AB", false)

	w.write(parent, contact.RelationshipEnded{ContactID: parent, OtherID: child, Kind: string(contact.RelParent)})
	w.caughtUp()
	if c, _ := contacts.Get(t.Context(), w.Pool, child); len(c.Relationships) != 0 {
		t.Fatalf("after the end: %+v", c.Relationships)
	}
}
