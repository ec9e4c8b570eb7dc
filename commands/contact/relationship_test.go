package contact_test

import (
	"bytes"
	"context"
	"slices"
	"testing"

	"github.com/google/uuid"

	contactcmd "github.com/klient-crm/klient/commands/contact"
	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/contact"
)

// Issue 14: organisation ↔ organisation (parent, group) and person ↔
// person (spouse, guardian, legal representative, deputy) as events.
func TestRelationships(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := context.Background()
	h, err := contactcmd.NewRelationshipHandler(w.Contacts)
	must(t, err)
	parent := registerOrganisation(t, w, exempelAB())
	sub := exempelAB()
	sub.Name, sub.Organisationsnummer = "Exempel Dotter AB", ""
	child := registerOrganisation(t, w, sub)
	person := registerPerson(t, w, tolvan())

	added, err := h.Add(ctx, contactcmd.AddRelationship{Actor: staff, ContactID: parent.ContactID, ExpectedVersion: parent.Version,
		OtherID: child.ContactID, Kind: contact.RelParent})
	must(t, err)
	envs := w.Stream(t, parent.ContactID)
	if last := envs[len(envs)-1]; last.Type != contact.TypeRelationshipAdded || bytes.Contains(last.Data, []byte(`"parent"`)) {
		t.Fatalf("stream %v; the kind must be sealed: %s", w.Types(t, parent.ContactID), last.Data)
	}
	// The same again writes nothing.
	again, err := h.Add(ctx, contactcmd.AddRelationship{Actor: staff, ContactID: parent.ContactID, ExpectedVersion: added.Version,
		OtherID: child.ContactID, Kind: contact.RelParent})
	must(t, err)
	if again.Version != added.Version {
		t.Fatalf("a repeated relation wrote: %+v", again)
	}

	for _, c := range []struct {
		name string
		cmd  contactcmd.AddRelationship
		kind domain.Kind
		code string
	}{
		{"itself", contactcmd.AddRelationship{ContactID: parent.ContactID, OtherID: parent.ContactID, Kind: contact.RelGroup}, domain.KindInvalid, "contact.relationship.self"},
		{"person to organisation", contactcmd.AddRelationship{ContactID: parent.ContactID, OtherID: person.ContactID, Kind: contact.RelGroup}, domain.KindInvalid, "contact.relationship.other_kind"},
		{"a person's kind between organisations", contactcmd.AddRelationship{ContactID: parent.ContactID, OtherID: child.ContactID, Kind: contact.RelSpouse}, domain.KindInvalid, "contact.relationship.kind"},
		{"unknown other", contactcmd.AddRelationship{ContactID: parent.ContactID, OtherID: uuid.NewString(), Kind: contact.RelGroup}, domain.KindNotFound, "contact.relationship.other_not_found"},
		{"no other", contactcmd.AddRelationship{ContactID: parent.ContactID, Kind: contact.RelGroup}, domain.KindInvalid, "contact.relationship.other_required"},
	} {
		c.cmd.Actor, c.cmd.ExpectedVersion = staff, added.Version
		_, err := h.Add(ctx, c.cmd)
		refusedWith(t, err, c.kind, c.code)
	}
	// A walled other is refused as an unknown one.
	walled := staff
	walled.Unseen = func(id string) bool { return id == child.ContactID }
	_, err = h.Add(ctx, contactcmd.AddRelationship{Actor: walled, ContactID: parent.ContactID, ExpectedVersion: added.Version,
		OtherID: child.ContactID, Kind: contact.RelGroup})
	refusedWith(t, err, domain.KindNotFound, "contact.relationship.other_not_found")

	ended, err := h.End(ctx, contactcmd.EndRelationship{Actor: staff, ContactID: parent.ContactID, ExpectedVersion: added.Version,
		OtherID: child.ContactID, Kind: contact.RelParent})
	must(t, err)
	_, err = h.End(ctx, contactcmd.EndRelationship{Actor: staff, ContactID: parent.ContactID, ExpectedVersion: ended.Version,
		OtherID: child.ContactID, Kind: contact.RelParent})
	refusedWith(t, err, domain.KindNotFound, "contact.relationship.not_found")
	want := []string{contact.TypeOrganisationRegistered, contact.TypeRelationshipAdded, contact.TypeRelationshipEnded}
	if got := w.Types(t, parent.ContactID); !slices.Equal(got, want) {
		t.Fatalf("stream %v, want %v", got, want)
	}
}
