package contact

import (
	"time"

	"github.com/klient-crm/klient/domain"
)

// ChangePersonDetails decides to replace a person's details (rectification
// included) with the complete new set. An archived contact may still be
// corrected: the right to rectification does not lapse with archiving.
// Details equal to the current ones decide nothing.
func (c *Contact) ChangePersonDetails(details PersonDetails, now time.Time) ([]domain.Event, error) {
	if err := c.changeablePerson(); err != nil {
		return nil, err
	}
	d, err := NormalisePersonDetails(details, now)
	if err != nil || samePersonDetails(c.person, d) {
		return nil, err
	}
	return []domain.Event{PersonDetailsChanged{ContactID: c.id, Details: d}}, nil
}

// ChangeOrganisationDetails is ChangePersonDetails for an organisation.
func (c *Contact) ChangeOrganisationDetails(details OrganisationDetails, now time.Time) ([]domain.Event, error) {
	if err := c.changeableOrganisation(); err != nil {
		return nil, err
	}
	d, err := NormaliseOrganisationDetails(details, now)
	if err != nil || sameOrganisationDetails(c.organisation, d) {
		return nil, err
	}
	return []domain.Event{OrganisationDetailsChanged{ContactID: c.id, Details: d}}, nil
}
