package contact

import "github.com/klient-crm/klient/domain"

// changeable is the first check of every decision on an existing contact:
// it must exist and still hold its personal data.
func (c *Contact) changeable() error {
	if !c.Exists() {
		return domain.NotFound("there is no such contact").WithCode("contact.not_found")
	}
	if c.erased {
		return domain.Erased("this contact's personal data has been erased").WithCode("contact.erased")
	}
	if c.mergedInto != "" {
		return domain.Conflict("this contact was merged into another; change that one").WithCode("contact.merged")
	}
	return nil
}

// changeablePerson is changeable for decisions that only a person allows.
func (c *Contact) changeablePerson() error {
	if err := c.changeable(); err != nil {
		return err
	}
	if c.kind != KindPerson {
		return domain.Invalid("", "this contact is not a person").WithCode("contact.not_person")
	}
	return nil
}

// changeableOrganisation is changeable for an organisation's decisions.
func (c *Contact) changeableOrganisation() error {
	if err := c.changeable(); err != nil {
		return err
	}
	if c.kind != KindOrganisation {
		return domain.Invalid("", "this contact is not an organisation").WithCode("contact.not_organisation")
	}
	return nil
}
