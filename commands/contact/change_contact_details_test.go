package contact_test

import (
	"context"
	"slices"
	"testing"

	contactcmd "github.com/klient-crm/klient/commands/contact"
	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/contact"
)

func TestChangePersonDetails(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	reg := registerPerson(t, w, tolvan())
	h, err := contactcmd.NewChangeContactDetailsHandler(w.Contacts)
	must(t, err)
	d := tolvan()
	d.FamilyName = "Tolvansdotter"
	cmd := contactcmd.ChangePersonDetails{Actor: staff, ContactID: reg.ContactID, ExpectedVersion: reg.Version, Details: d}
	res, err := h.HandlePerson(context.Background(), cmd)
	must(t, err)
	if res.Version != 1 || !reg.Position.Less(res.Position) {
		t.Fatalf("result %+v after %+v", res, reg)
	}
	cmd.ExpectedVersion = res.Version
	same, err := h.HandlePerson(context.Background(), cmd)
	must(t, err)
	if same != res {
		t.Fatalf("a change to the same details answered %+v, want %+v", same, res)
	}
	want := []string{contact.TypePersonRegistered, contact.TypePersonDetailsChanged}
	if got := w.Types(t, reg.ContactID); !slices.Equal(got, want) {
		t.Fatalf("stream %v, want %v", got, want)
	}
}

func TestChangeWithStaleVersionConflicts(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	reg := registerPerson(t, w, tolvan())
	h, err := contactcmd.NewChangeContactDetailsHandler(w.Contacts)
	must(t, err)
	first, second := tolvan(), tolvan()
	first.FamilyName, second.FamilyName = "Ett", "Två"
	_, err = h.HandlePerson(context.Background(), contactcmd.ChangePersonDetails{Actor: staff, ContactID: reg.ContactID, ExpectedVersion: reg.Version, Details: first})
	must(t, err)
	// A second colleague still looking at version 0.
	_, err = h.HandlePerson(context.Background(), contactcmd.ChangePersonDetails{Actor: staff, ContactID: reg.ContactID, ExpectedVersion: reg.Version, Details: second})
	refusedWith(t, err, domain.KindConflict, "contact.changed_meanwhile")
	if got := w.Types(t, reg.ContactID); len(got) != 2 {
		t.Fatalf("stream %v, want registration and one change", got)
	}
}

func TestChangeRefusals(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	person := registerPerson(t, w, tolvan())
	org := registerOrganisation(t, w, exempelAB())
	h, err := contactcmd.NewChangeContactDetailsHandler(w.Contacts)
	must(t, err)
	bad := tolvan()
	bad.GivenName = " "
	_, err = h.HandlePerson(context.Background(), contactcmd.ChangePersonDetails{Actor: staff, ContactID: person.ContactID, Details: bad})
	refusedWith(t, err, domain.KindInvalid, "contact.text.required")
	_, err = h.HandlePerson(context.Background(), contactcmd.ChangePersonDetails{Actor: staff, ContactID: org.ContactID, Details: tolvan()})
	refusedWith(t, err, domain.KindInvalid, "contact.not_person")
	_, err = h.HandleOrganisation(context.Background(), contactcmd.ChangeOrganisationDetails{Actor: staff, ContactID: "0190a000-0000-7000-8000-00000000dead", Details: exempelAB()})
	refusedWith(t, err, domain.KindNotFound, "contact.not_found")
	if len(w.Types(t, person.ContactID)) != 1 || len(w.Types(t, org.ContactID)) != 1 {
		t.Fatal("a refused change wrote an event")
	}
}
