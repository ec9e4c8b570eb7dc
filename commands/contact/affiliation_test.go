package contact_test

import (
	"context"
	"slices"
	"testing"

	"github.com/google/uuid"

	contactcmd "github.com/klient-crm/klient/commands/contact"
	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/contact"
)

func TestAffiliationWithAnOrganisation(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	person := registerPerson(t, w, tolvan())
	org := registerOrganisation(t, w, exempelAB())
	add, err := contactcmd.NewAddAffiliationHandler(w.Contacts)
	must(t, err)
	end, err := contactcmd.NewEndAffiliationHandler(w.Contacts)
	must(t, err)
	ctx := context.Background()
	added, err := add.Handle(ctx, contactcmd.AddAffiliation{Actor: staff, ContactID: person.ContactID, OrganisationID: org.ContactID, Role: "VD"})
	must(t, err)
	_, err = end.Handle(ctx, contactcmd.EndAffiliation{Actor: staff, ContactID: person.ContactID, ExpectedVersion: added.Version, OrganisationID: org.ContactID})
	must(t, err)
	want := []string{contact.TypePersonRegistered, contact.TypeAffiliationAdded, contact.TypeAffiliationEnded}
	if got := w.Types(t, person.ContactID); !slices.Equal(got, want) {
		t.Fatalf("stream %v, want %v", got, want)
	}
}

func TestAffiliationRefusedWithoutAnOrganisation(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	person := registerPerson(t, w, tolvan())
	namesake := tolvan()
	namesake.Personnummer = "" // one personnummer, one contact
	other := registerPerson(t, w, namesake)
	add, err := contactcmd.NewAddAffiliationHandler(w.Contacts)
	must(t, err)
	ctx := context.Background()
	_, err = add.Handle(ctx, contactcmd.AddAffiliation{Actor: staff, ContactID: person.ContactID, OrganisationID: other.ContactID})
	refusedWith(t, err, domain.KindInvalid, "contact.affiliation.not_organisation")
	_, err = add.Handle(ctx, contactcmd.AddAffiliation{Actor: staff, ContactID: person.ContactID, OrganisationID: uuid.NewString()})
	refusedWith(t, err, domain.KindNotFound, "contact.affiliation.organisation_not_found")
	end, err := contactcmd.NewEndAffiliationHandler(w.Contacts)
	must(t, err)
	_, err = end.Handle(ctx, contactcmd.EndAffiliation{Actor: staff, ContactID: person.ContactID, OrganisationID: other.ContactID})
	refusedWith(t, err, domain.KindNotFound, "contact.affiliation.not_found")
	if got := w.Types(t, person.ContactID); len(got) != 1 {
		t.Fatalf("stream %v, want only the registration", got)
	}
}
