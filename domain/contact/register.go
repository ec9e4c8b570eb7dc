package contact

import (
	"slices"
	"time"

	"github.com/klient-crm/klient/domain"
)

// RegisterPerson decides to register a natural person under id, which the
// caller chose (the domain makes no IDs). Registering the same person again
// under the same ID, with the same details, decides nothing: it is a retry.
func (c *Contact) RegisterPerson(id string, details PersonDetails, now time.Time) ([]domain.Event, error) {
	d, err := NormalisePersonDetails(details, now)
	if err != nil {
		return nil, err
	}
	if err := c.registrable(id, KindPerson, samePersonDetails(c.registration.person, d)); err != nil || c.Exists() {
		return nil, err
	}
	return []domain.Event{PersonRegistered{ContactID: id, Details: d}}, nil
}

// RegisterOrganisation is RegisterPerson for an organisation.
func (c *Contact) RegisterOrganisation(id string, details OrganisationDetails, now time.Time) ([]domain.Event, error) {
	d, err := NormaliseOrganisationDetails(details, now)
	if err != nil {
		return nil, err
	}
	if err := c.registrable(id, KindOrganisation, sameOrganisationDetails(c.registration.organisation, d)); err != nil || c.Exists() {
		return nil, err
	}
	return []domain.Event{OrganisationRegistered{ContactID: id, Details: d}}, nil
}

// registrable refuses a missing ID and a registration that clashes with
// what is already registered under the ID; a faithful retry passes.
func (c *Contact) registrable(id string, kind Kind, sameDetails bool) error {
	if id == "" {
		return domain.Invalid("contact_id", "a contact needs an ID").WithCode("contact.id.required")
	}
	if !c.Exists() {
		return nil
	}
	if c.erased {
		return domain.Erased("this contact's personal data has been erased").WithCode("contact.erased")
	}
	if c.id != id || c.kind != kind || !sameDetails {
		return domain.Conflict("another contact is already registered under this ID").WithCode("contact.id.taken")
	}
	return nil
}

func samePersonDetails(a, b PersonDetails) bool {
	return a.GivenName == b.GivenName && a.FamilyName == b.FamilyName &&
		a.Personnummer == b.Personnummer && a.ProtectedIdentity == b.ProtectedIdentity &&
		slices.Equal(a.Emails, b.Emails) && slices.Equal(a.Phones, b.Phones) &&
		slices.Equal(a.Addresses, b.Addresses)
}

func sameOrganisationDetails(a, b OrganisationDetails) bool {
	return a.Name == b.Name && a.Organisationsnummer == b.Organisationsnummer &&
		slices.Equal(a.Emails, b.Emails) && slices.Equal(a.Phones, b.Phones) &&
		slices.Equal(a.Addresses, b.Addresses)
}
