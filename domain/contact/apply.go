package contact

import "github.com/klient-crm/klient/domain"

// Apply evolves the state by one of the contact's own events, in stream
// order. It never fails: events are facts, already decided. An event of
// another context is counted (it still holds a place in the stream) and
// otherwise ignored.
func (c *Contact) Apply(ev domain.Event) {
	c.applied++
	switch e := ev.(type) {
	case PersonRegistered:
		c.id, c.kind, c.person = e.ContactID, KindPerson, e.Details
		c.registration.person = e.Details
	case OrganisationRegistered:
		c.id, c.kind, c.organisation = e.ContactID, KindOrganisation, e.Details
		c.registration.organisation = e.Details
	case PersonDetailsChanged:
		c.person = e.Details
	case OrganisationDetailsChanged:
		c.organisation = e.Details
	case ContactArchived:
		c.archived = true
	case ContactReactivated:
		c.archived = false
	case AffiliationAdded:
		if c.affiliations == nil {
			c.affiliations = map[string]string{}
		}
		c.affiliations[e.OrganisationID] = e.Role
	case AffiliationEnded:
		delete(c.affiliations, e.OrganisationID)
	}
}

// ApplyErased applies an event whose personal fields could not be opened
// because the contact's key was shredded (the codec reports it as erased).
// From then on the contact refuses every change.
func (c *Contact) ApplyErased(ev domain.Event) {
	c.erased = true
	c.Apply(ev)
}
