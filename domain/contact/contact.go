package contact

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"maps"
	"slices"
	"time"

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
	// inheritedEnded are the relations contacts merged into this one
	// recorded that this one has ended since (RelationshipEnded in its own
	// stream): the merged contacts' streams, closed to changes, still
	// record them.
	inheritedEnded map[relationKey]bool
	mergedInto     string          // the survivor, once merged away
	absorbed       map[string]bool // contacts merged into this one
	applied        uint64          // how many events built this state
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
		delete(c.inheritedEnded, relationKey{e.OtherID, RelationKind(e.Kind)})
	case RelationshipEnded:
		k := relationKey{e.OtherID, RelationKind(e.Kind)}
		if !c.relations[k] {
			if c.inheritedEnded == nil {
				c.inheritedEnded = map[relationKey]bool{}
			}
			c.inheritedEnded[k] = true
		}
		delete(c.relations, k)
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

// Event type strings are stored forever: never rename them.
const (
	TypePersonRegistered           = "contact.PersonRegistered"
	TypeOrganisationRegistered     = "contact.OrganisationRegistered"
	TypePersonDetailsChanged       = "contact.PersonDetailsChanged"
	TypeOrganisationDetailsChanged = "contact.OrganisationDetailsChanged"
	TypeContactArchived            = "contact.ContactArchived"
	TypeContactReactivated         = "contact.ContactReactivated"
	TypeAffiliationAdded           = "contact.AffiliationAdded"
	TypeAffiliationEnded           = "contact.AffiliationEnded"
	TypeRelationshipAdded          = "contact.RelationshipAdded"
	TypeRelationshipEnded          = "contact.RelationshipEnded"
	TypeContactMerged              = "contact.ContactMerged"
	TypeContactAbsorbed            = "contact.ContactAbsorbed"
)

// Email is an e-mail address with an optional label ("work", "private").
type Email struct {
	Address string `json:"address"`
	Label   string `json:"label,omitempty"`
}

// Phone is a phone number in E.164-like normalised form with an optional label.
type Phone struct {
	Number string `json:"number"`
	Label  string `json:"label,omitempty"`
}

// Address is a postal address.
type Address struct {
	Label      string `json:"label,omitempty"`
	Street     string `json:"street"`
	PostalCode string `json:"postal_code"`
	City       string `json:"city"`
	Country    string `json:"country"` // ISO 3166-1 alpha-2, "SE" by default
}

// PersonDetails is everything Klient keeps about a natural person's identity
// and reachability. All of it is personal data.
type PersonDetails struct {
	GivenName         string    `json:"given_name"`
	FamilyName        string    `json:"family_name"`
	Personnummer      string    `json:"personnummer,omitempty"` // normalised YYYYMMDD-NNNN
	Emails            []Email   `json:"emails,omitempty"`
	Phones            []Phone   `json:"phones,omitempty"`
	Addresses         []Address `json:"addresses,omitempty"`
	ProtectedIdentity bool      `json:"protected_identity,omitempty"` // skyddad identitet / sekretessmarkering
}

// OrganisationDetails is an organisation's identity and reachability. It is
// sealed like a person's: a sole trader's firm name is personal data.
type OrganisationDetails struct {
	Name                string    `json:"name"`
	Organisationsnummer string    `json:"organisationsnummer,omitempty"` // normalised NNNNNN-NNNN
	Emails              []Email   `json:"emails,omitempty"`
	Phones              []Phone   `json:"phones,omitempty"`
	Addresses           []Address `json:"addresses,omitempty"`
}

// PersonRegistered: a natural person became a contact. The contact's ID is
// also the data subject's ID.
type PersonRegistered struct {
	ContactID string        `json:"contact_id"`
	Details   PersonDetails `json:"details" personal:"ContactID"`
}

// OrganisationRegistered: an organisation became a contact.
type OrganisationRegistered struct {
	ContactID string              `json:"contact_id"`
	Details   OrganisationDetails `json:"details" personal:"ContactID"`
}

// PersonDetailsChanged carries the person's complete new details
// (rectification is one of these, with the request in the metadata).
type PersonDetailsChanged struct {
	ContactID string        `json:"contact_id"`
	Details   PersonDetails `json:"details" personal:"ContactID"`
}

// OrganisationDetailsChanged carries the organisation's complete new details.
type OrganisationDetailsChanged struct {
	ContactID string              `json:"contact_id"`
	Details   OrganisationDetails `json:"details" personal:"ContactID"`
}

// ContactArchived: the contact is kept but no longer in everyday lists.
type ContactArchived struct {
	ContactID string `json:"contact_id"`
}

// ContactReactivated: an archived contact is back in everyday use.
type ContactReactivated struct {
	ContactID string `json:"contact_id"`
}

// AffiliationAdded: a person holds a role (job title) at an organisation.
// The role is the person's personal data.
type AffiliationAdded struct {
	ContactID      string `json:"contact_id"`
	OrganisationID string `json:"organisation_id"`
	Role           string `json:"role" personal:"ContactID"`
}

// AffiliationEnded: the person no longer holds a role at the organisation.
type AffiliationEnded struct {
	ContactID      string `json:"contact_id"`
	OrganisationID string `json:"organisation_id"`
}

// RelationshipAdded: the contact stands to another of its kind as Kind
// (a contact.RelationKind) says: a parent company, the same group, a
// spouse, a guardian, a legal representative, a deputy. How two people
// are related is personal data: the kind is sealed.
type RelationshipAdded struct {
	ContactID string `json:"contact_id"`
	OtherID   string `json:"other_id"`
	Kind      string `json:"kind" personal:"ContactID"`
}

// RelationshipEnded: the relation is over. Its kind names which one, so
// it is sealed too.
type RelationshipEnded struct {
	ContactID string `json:"contact_id"`
	OtherID   string `json:"other_id"`
	Kind      string `json:"kind" personal:"ContactID"`
}

// ContactMerged: the contact was the same person or organisation as
// SurvivorID and was merged into it; its stream ends here.
type ContactMerged struct {
	ContactID  string `json:"contact_id"`
	SurvivorID string `json:"survivor_id"`
}

// ContactAbsorbed: MergedID was merged into this contact.
type ContactAbsorbed struct {
	ContactID string `json:"contact_id"`
	MergedID  string `json:"merged_id"`
}

func (PersonRegistered) EventType() string           { return TypePersonRegistered }
func (OrganisationRegistered) EventType() string     { return TypeOrganisationRegistered }
func (PersonDetailsChanged) EventType() string       { return TypePersonDetailsChanged }
func (OrganisationDetailsChanged) EventType() string { return TypeOrganisationDetailsChanged }
func (ContactArchived) EventType() string            { return TypeContactArchived }
func (ContactReactivated) EventType() string         { return TypeContactReactivated }
func (AffiliationAdded) EventType() string           { return TypeAffiliationAdded }
func (AffiliationEnded) EventType() string           { return TypeAffiliationEnded }
func (RelationshipAdded) EventType() string          { return TypeRelationshipAdded }
func (RelationshipEnded) EventType() string          { return TypeRelationshipEnded }
func (ContactMerged) EventType() string              { return TypeContactMerged }
func (ContactAbsorbed) EventType() string            { return TypeContactAbsorbed }

func (PersonRegistered) SchemaVersion() int           { return 1 }
func (OrganisationRegistered) SchemaVersion() int     { return 1 }
func (PersonDetailsChanged) SchemaVersion() int       { return 1 }
func (OrganisationDetailsChanged) SchemaVersion() int { return 1 }
func (ContactArchived) SchemaVersion() int            { return 1 }
func (ContactReactivated) SchemaVersion() int         { return 1 }
func (AffiliationAdded) SchemaVersion() int           { return 1 }
func (AffiliationEnded) SchemaVersion() int           { return 1 }
func (RelationshipAdded) SchemaVersion() int          { return 1 }
func (RelationshipEnded) SchemaVersion() int          { return 1 }
func (ContactMerged) SchemaVersion() int              { return 1 }
func (ContactAbsorbed) SchemaVersion() int            { return 1 }

// Events lists one value of every contact event, for codec registration.
func Events() []domain.Event {
	return []domain.Event{
		PersonRegistered{}, OrganisationRegistered{}, PersonDetailsChanged{},
		OrganisationDetailsChanged{}, ContactArchived{}, ContactReactivated{},
		AffiliationAdded{}, AffiliationEnded{}, ContactsImported{}, RelationshipAdded{}, RelationshipEnded{}, ContactMerged{},
		ContactAbsorbed{}, NumberClaimed{},
	}
}

// StreamName is the event stream of one contact.
func StreamName(contactID string) string { return "contact-" + contactID }

// TypeNumberClaimed is the event of a number's claim stream. It is not
// "contact."-prefixed like the contact's own events: it belongs to no
// contact's stream, and the contact read models never open it.
const TypeNumberClaimed = "contactnumber.NumberClaimed"

// NumberClaimed: the contact now holds the identity number whose claim
// stream this is (NumberStream). The number itself is in no event and no
// stream name: the stream is named by a keyed hash of it.
type NumberClaimed struct {
	ContactID string `json:"contact_id"`
}

func (NumberClaimed) EventType() string  { return TypeNumberClaimed }
func (NumberClaimed) SchemaVersion() int { return 1 }

// MinNumberKeyLength is the shortest key NumberDigest is given: as long as
// HMAC-SHA256's output. A personnummer has few enough possible values
// (some 40 million a century) that an unkeyed hash would be reversed by
// trying them all.
const MinNumberKeyLength = 32

// numberContext keeps these MACs from passing for any other use of a key.
const numberContext = "klient/contact-number/v1\x00"

// NumberDigest is the keyed hash (HMAC-SHA256, hex) that names a number's
// claim stream. kind is part of it: a sole trader's organisationsnummer is
// their personnummer, and the firm and the person are two contacts.
// number is the normalised form the details hold (YYYYMMDD-NNNN,
// NNNNNN-NNNN).
func NumberDigest(key []byte, kind Kind, number string) string {
	h := hmac.New(sha256.New, key)
	h.Write([]byte(numberContext))
	h.Write([]byte(kind))
	h.Write([]byte{0})
	h.Write([]byte(number))
	return hex.EncodeToString(h.Sum(nil))
}

// NumberStream is the claim stream of the number whose digest is given:
// who holds it. Appending a claim with the stream's version expected (or
// no stream) is what makes two simultaneous registrations of one number
// come out as one winner, on either store.
//
// The name does not begin "contact-": that prefix is a contact's own
// stream, which tools and readers of the log take it for.
func NumberStream(digest string) string { return "contactnumber-" + digest }

// NumberOf is the identity number the contact's details hold, by kind.
func NumberOf(kind Kind, person PersonDetails, organisation OrganisationDetails) string {
	if kind == KindOrganisation {
		return organisation.Organisationsnummer
	}
	return person.Personnummer
}

// NumberField is the details field a number is written in, for a refusal
// to name.
func NumberField(kind Kind) string {
	if kind == KindOrganisation {
		return "organisationsnummer"
	}
	return "personnummer"
}

// NumberTaken refuses a number another contact holds. Holder is that
// contact's ID: the edge shows it (a link) only to those who may see that
// contact; to others the refusal is the same without it.
type NumberTaken struct {
	Holder string
}

func (e *NumberTaken) Error() string { return "the number is held by another contact" }

// NumberTakenError is the refusal of a number held by holder.
func NumberTakenError(kind Kind, holder string) *domain.Error {
	return &domain.Error{Kind: domain.KindConflict, Code: "contact.number.taken", Field: NumberField(kind),
		Message: "another contact is already registered with this number", Err: &NumberTaken{Holder: holder}}
}
