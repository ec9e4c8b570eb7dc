package contact

import "github.com/klient-crm/klient/domain"

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
