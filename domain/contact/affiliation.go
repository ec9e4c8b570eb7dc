package contact

import "github.com/klient-crm/klient/domain"

// AddAffiliation decides that the person holds role (a job title, may be
// empty) at the organisation organisationID. The organisation is another
// aggregate: the caller first asks it CheckAffiliationTarget. One role per
// organisation: a person who already has one there must end it first, so
// that no title is silently overwritten.
func (c *Contact) AddAffiliation(organisationID, role string) ([]domain.Event, error) {
	if err := c.changeablePerson(); err != nil {
		return nil, err
	}
	if c.archived {
		return nil, domain.Conflict("this contact is archived; reactivate it first").WithCode("contact.archived")
	}
	if err := c.checkAffiliationTo(organisationID); err != nil {
		return nil, err
	}
	role, err := cleanText("role", role, maxRoleLength, false)
	if err != nil {
		return nil, err
	}
	return []domain.Event{AffiliationAdded{ContactID: c.id, OrganisationID: organisationID, Role: role}}, nil
}

func (c *Contact) checkAffiliationTo(organisationID string) error {
	switch {
	case organisationID == "":
		return domain.Invalid("organisation_id", "choose an organisation").WithCode("contact.affiliation.organisation_required")
	case organisationID == c.id:
		return domain.Invalid("organisation_id", "a contact cannot be affiliated with itself").WithCode("contact.affiliation.self")
	}
	if _, ok := c.affiliations[organisationID]; ok {
		return domain.Conflict("this person already has a role at that organisation; end it first").WithCode("contact.affiliation.exists")
	}
	return nil
}

// EndAffiliation decides that the person no longer holds a role at the
// organisation. Unlike archiving, ending an affiliation that does not exist
// is an error: the caller named something that is not there.
func (c *Contact) EndAffiliation(organisationID string) ([]domain.Event, error) {
	if err := c.changeablePerson(); err != nil {
		return nil, err
	}
	if _, ok := c.affiliations[organisationID]; !ok {
		return nil, domain.NotFound("this person has no role at that organisation").WithCode("contact.affiliation.not_found")
	}
	return []domain.Event{AffiliationEnded{ContactID: c.id, OrganisationID: organisationID}}, nil
}

// CheckAffiliationTarget is asked of the organisation before a person is
// affiliated with it: it must be an existing, active organisation whose
// data is not erased.
func (c *Contact) CheckAffiliationTarget() error {
	if !c.Exists() {
		return organisationField(domain.NotFound("there is no such organisation").WithCode("contact.affiliation.organisation_not_found"))
	}
	if c.erased {
		return organisationField(domain.Erased("that organisation's data has been erased").WithCode("contact.affiliation.organisation_erased"))
	}
	if c.kind != KindOrganisation {
		return domain.Invalid("organisation_id", "that contact is not an organisation").WithCode("contact.affiliation.not_organisation")
	}
	if c.archived {
		return organisationField(domain.Conflict("that organisation is archived").WithCode("contact.affiliation.organisation_archived"))
	}
	return nil
}

func organisationField(e *domain.Error) *domain.Error { e.Field = "organisation_id"; return e }
