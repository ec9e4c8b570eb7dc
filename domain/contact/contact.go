package contact

import (
	"maps"
	"slices"

	"github.com/klient-crm/klient/domain"
)

// Kind tells a natural person from an organisation.
type Kind string

// The kinds of contact.
const (
	KindPerson       Kind = "person"
	KindOrganisation Kind = "organisation"
)

// Affiliation is a person's role (job title) at an organisation.
type Affiliation struct {
	OrganisationID string
	Role           string
}

// Contact is the aggregate of one person or organisation; its zero value is
// the state before the first event. Its state changes
// only through Apply; its decision methods (RegisterPerson, Archive, …)
// check the rules and return the events that would record the change,
// without applying them. No events and no error means the contact already
// is as asked.
type Contact struct {
	id           string
	kind         Kind
	person       PersonDetails
	organisation OrganisationDetails
	registration registration
	archived     bool
	erased       bool
	affiliations map[string]string // organisation ID → role
	relations    map[relationKey]bool
	mergedInto   string          // the survivor, once merged away
	absorbed     map[string]bool // contacts merged into this one
	applied      uint64          // how many events built this state
}

// registration keeps the details as first registered, so that a retried
// registration can be told from a clash of IDs.
type registration struct {
	person       PersonDetails
	organisation OrganisationDetails
}

// Exists reports whether the contact has been registered.
func (c *Contact) Exists() bool { return c.applied > 0 }

// Version is the stream version of the last applied event (meaningful only
// when Exists): event versions are 0-based and dense, one per Apply.
func (c *Contact) Version() uint64 { return c.applied - 1 }

// ID is the contact's ID, which is also its data subject's ID.
func (c *Contact) ID() string { return c.id }

// Kind says whether the contact is a person or an organisation.
func (c *Contact) Kind() Kind { return c.kind }

// Archived reports a contact kept out of everyday lists.
func (c *Contact) Archived() bool { return c.archived }

// Erased reports a contact whose personal data can no longer be opened.
func (c *Contact) Erased() bool { return c.erased }

// PersonDetails are a person's current details (zero for an organisation).
func (c *Contact) PersonDetails() PersonDetails { return c.person }

// OrganisationDetails are an organisation's current details.
func (c *Contact) OrganisationDetails() OrganisationDetails { return c.organisation }

// Affiliations lists the person's current roles, by organisation ID.
func (c *Contact) Affiliations() []Affiliation {
	var out []Affiliation
	for _, org := range slices.Sorted(maps.Keys(c.affiliations)) {
		out = append(out, Affiliation{OrganisationID: org, Role: c.affiliations[org]})
	}
	return out
}

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
	case RelationshipAdded:
		if c.relations == nil {
			c.relations = map[relationKey]bool{}
		}
		c.relations[relationKey{e.OtherID, RelationKind(e.Kind)}] = true
	case RelationshipEnded:
		delete(c.relations, relationKey{e.OtherID, RelationKind(e.Kind)})
	case ContactMerged:
		c.mergedInto = e.SurvivorID
	case ContactAbsorbed:
		if c.absorbed == nil {
			c.absorbed = map[string]bool{}
		}
		c.absorbed[e.MergedID] = true
	}
}

// ApplyErased applies an event whose personal fields could not be opened
// because the contact's key was shredded (the codec reports it as erased).
// From then on the contact refuses every change.
func (c *Contact) ApplyErased(ev domain.Event) {
	c.erased = true
	c.Apply(ev)
}
