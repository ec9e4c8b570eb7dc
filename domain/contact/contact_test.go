package contact

import (
	"testing"

	"github.com/klient-crm/klient/domain"
)

const (
	personID = "0190a000-0000-7000-8000-000000000001"
	orgID    = "0190a000-0000-7000-8000-000000000002"
)

// given builds a contact from its history.
func given(events ...domain.Event) *Contact {
	var c Contact
	for _, e := range events {
		c.Apply(e)
	}
	return &c
}

func registeredPerson(t *testing.T) *Contact {
	t.Helper()
	var c Contact
	events, err := c.RegisterPerson(personID, validPerson(), now)
	if err != nil || len(events) != 1 {
		t.Fatalf("RegisterPerson = %v, %v", events, err)
	}
	c.Apply(events[0])
	return &c
}

func registeredOrganisation() *Contact {
	return given(OrganisationRegistered{ContactID: orgID, Details: OrganisationDetails{Name: "Exempel AB"}})
}

// decided fails unless the decision produced exactly the wanted events.
func decided(t *testing.T, got []domain.Event, err error, want ...domain.Event) {
	t.Helper()
	if err != nil {
		t.Fatalf("decision failed: %v", err)
	}
	if len(got) != len(want) {
		t.Fatalf("got %d events %v, want %v", len(got), got, want)
	}
	for i := range want {
		if got[i].EventType() != want[i].EventType() {
			t.Fatalf("event %d is %s, want %s", i, got[i].EventType(), want[i].EventType())
		}
	}
}

// refused fails unless the decision failed with kind and code and no events.
func refused(t *testing.T, got []domain.Event, err error, kind domain.Kind, code string) {
	t.Helper()
	if len(got) != 0 || domain.KindOf(err) != kind || codeOf(err) != code {
		t.Fatalf("got %v, %v; want %s %s and no events", got, err, kind, code)
	}
}

func TestRegisterPerson(t *testing.T) {
	t.Parallel()
	c := registeredPerson(t)
	if !c.Exists() || c.Version() != 0 || c.Kind() != KindPerson || c.ID() != personID {
		t.Fatalf("state %+v", c)
	}
	if c.PersonDetails().Personnummer != "19121212-1212" {
		t.Fatalf("details were not normalised: %+v", c.PersonDetails())
	}
}

func TestRegisterPersonRefusesBadInput(t *testing.T) {
	t.Parallel()
	var c Contact
	events, err := c.RegisterPerson(personID, PersonDetails{GivenName: "Tolvan"}, now)
	refused(t, events, err, domain.KindInvalid, "contact.text.required")
	events, err = c.RegisterPerson("", validPerson(), now)
	refused(t, events, err, domain.KindInvalid, "contact.id.required")
}

func TestRegisterPersonRetryAndClash(t *testing.T) {
	t.Parallel()
	c := registeredPerson(t)
	events, err := c.RegisterPerson(personID, validPerson(), now)
	decided(t, events, err) // the same registration again: nothing to do
	other := validPerson()
	other.GivenName = "Someone else"
	events, err = c.RegisterPerson(personID, other, now)
	refused(t, events, err, domain.KindConflict, "contact.id.taken")
	events, err = c.RegisterOrganisation(personID, OrganisationDetails{Name: "Exempel AB"}, now)
	refused(t, events, err, domain.KindConflict, "contact.id.taken")
}

func TestChangePersonDetails(t *testing.T) {
	t.Parallel()
	c := registeredPerson(t)
	events, err := c.ChangePersonDetails(validPerson(), now)
	decided(t, events, err) // nothing changed
	d := validPerson()
	d.FamilyName = "Tolvansdotter"
	events, err = c.ChangePersonDetails(d, now)
	decided(t, events, err, PersonDetailsChanged{})
	c.Apply(events[0])
	if c.PersonDetails().FamilyName != "Tolvansdotter" || c.Version() != 1 {
		t.Fatalf("state %+v", c)
	}
	events, err = c.ChangeOrganisationDetails(OrganisationDetails{Name: "X"}, now)
	refused(t, events, err, domain.KindInvalid, "contact.not_organisation")
	events, err = new(Contact).ChangePersonDetails(d, now)
	refused(t, events, err, domain.KindNotFound, "contact.not_found")
}

func TestChangeOrganisationDetails(t *testing.T) {
	t.Parallel()
	c := registeredOrganisation()
	events, err := c.ChangeOrganisationDetails(OrganisationDetails{Name: "Exempel AB", Organisationsnummer: "556016-0680"}, now)
	decided(t, events, err, OrganisationDetailsChanged{})
	events, err = c.ChangePersonDetails(validPerson(), now)
	refused(t, events, err, domain.KindInvalid, "contact.not_person")
}

func TestArchiveAndReactivate(t *testing.T) {
	t.Parallel()
	c := registeredPerson(t)
	events, err := c.Reactivate()
	decided(t, events, err) // already active
	events, err = c.Archive()
	decided(t, events, err, ContactArchived{})
	c.Apply(events[0])
	events, err = c.Archive()
	decided(t, events, err) // already archived
	events, err = c.Reactivate()
	decided(t, events, err, ContactReactivated{})
	c.Apply(events[0])
	if c.Archived() {
		t.Fatal("still archived")
	}
	events, err = new(Contact).Archive()
	refused(t, events, err, domain.KindNotFound, "contact.not_found")
}
