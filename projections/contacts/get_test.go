package contacts_test

import (
	"errors"
	"testing"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/contact"
	"github.com/klient-crm/klient/projections/contacts"
)

func TestGetProtectedIdentityAndAffiliations(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	d := person("Sara", "Skyddad", "19900101-1234")
	d.ProtectedIdentity = true
	d.Addresses = []contact.Address{{Street: "Hemliga vägen 1", PostalCode: "111 22", City: "Stockholm", Country: "SE"}}
	sara := w.addPerson(d)
	org := newID()
	w.write(org, contact.OrganisationRegistered{ContactID: org, Details: contact.OrganisationDetails{Name: "Byrå AB"}})
	w.write(sara, contact.AffiliationAdded{ContactID: sara, OrganisationID: org, Role: "VD"})
	w.Run()
	w.caughtUp()

	c, err := contacts.Get(t.Context(), w.Pool, sara)
	must(t, err)
	if !c.ProtectedIdentity || len(c.Addresses) != 1 || c.Addresses[0].City != "Stockholm" {
		t.Fatalf("Get of a protected person = %+v: want the addresses and the warning flag", c)
	}
	if c.Version != 1 || c.Kind != contacts.KindPerson || c.Personnummer != "19900101-1234" {
		t.Fatalf("Get = %+v", c)
	}
	if len(c.Affiliations) != 1 || c.Affiliations[0].OrganisationName != "Byrå AB" || c.Affiliations[0].Role != "VD" {
		t.Fatalf("person's affiliations = %+v", c.Affiliations)
	}
	o, err := contacts.Get(t.Context(), w.Pool, org)
	must(t, err)
	if len(o.Affiliations) != 1 || o.Affiliations[0].PersonName != "Sara Skyddad" {
		t.Fatalf("organisation's people = %+v", o.Affiliations)
	}
	for _, s := range w.search("Sara", contacts.Options{}) {
		if !s.ProtectedIdentity {
			t.Fatalf("summary lost the protected-identity flag: %+v", s)
		}
	}

	w.write(sara, contact.AffiliationEnded{ContactID: sara, OrganisationID: org})
	w.caughtUp()
	if c, _ := contacts.Get(t.Context(), w.Pool, sara); len(c.Affiliations) != 0 || c.Version != 2 {
		t.Fatalf("after the affiliation ended: %+v (version %d)", c.Affiliations, c.Version)
	}

	_, err = contacts.Get(t.Context(), w.Pool, newID())
	var de *domain.Error
	if !errors.As(err, &de) || de.Kind != domain.KindNotFound || de.Code != "contact.not_found" {
		t.Fatalf("Get of an unknown ID = %v, want not found with a code", err)
	}
}

// Summary has no address field at all: a compile-time guarantee that lists
// cannot leak a protected person's address. This test keeps it so.
func TestSummaryHasNoAddress(t *testing.T) {
	var s contacts.Summary
	_ = s
	type noAddress interface{ Addresses() }
	if _, ok := any(s).(noAddress); ok {
		t.Fatal("Summary grew addresses")
	}
}
