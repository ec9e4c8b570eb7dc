package dpo

import (
	"slices"
	"time"

	"github.com/klient-crm/klient/domain"
)

// A contact, or one of its fields, can be marked as holding special
// categories (art. 9) or data on offences (art. 10), with the ground, as a
// document can. The contact model has no free-text field; special
// categories land in the parts of a contact that say where a person lives
// or belongs: an address (a prison, a hospital, a care home), a role at an
// organisation (a trade union, a party, a religious community) and a
// relation (a guardian, a legal representative or a deputy, which tells of
// a person's health or capacity). Those are the fields a marking names;
// ContactWhole marks the contact itself (a client whose very file is
// about a crime or an illness). The ContactSpecialMarking aggregate on
// stream "special-contact-<contactID>" holds every marking of one contact.

// ContactField is what of a contact a marking covers.
type ContactField string

// The fields, and the whole contact.
const (
	ContactWhole       ContactField = "contact"
	FieldAddresses     ContactField = "addresses"
	FieldAffiliations  ContactField = "affiliations"
	FieldRelationships ContactField = "relationships"
)

// ContactFields lists what a marking may name, the whole contact first.
var ContactFields = []ContactField{ContactWhole, FieldAddresses, FieldAffiliations, FieldRelationships}

// ContactSpecialCategoryMarked: Field of the contact (or the whole
// contact) holds Categories, processed under Grounds. The categories are
// sealed with the contact's own key, so an erasure leaves them unreadable;
// the field's name and the grounds are not personal. Categories empty: the
// marking was lifted.
type ContactSpecialCategoryMarked struct {
	ContactID  string            `json:"contact_id"`
	Field      ContactField      `json:"field"`
	Categories []SpecialCategory `json:"categories" personal:"ContactID"`
	Grounds    []SpecialGround   `json:"grounds,omitempty"`
	MarkedAt   time.Time         `json:"marked_at"`
	MarkedBy   string            `json:"marked_by"`
	// CarriedFrom, on a survivor's marking, is the contact merged into it
	// whose marking this one took in (CarryInto); CarriedTo, on a lifting
	// of the merged contact's, is the survivor it went to. Both empty for
	// a marking made on the contact's page.
	CarriedFrom string `json:"carried_from,omitempty"`
	CarriedTo   string `json:"carried_to,omitempty"`
}

// TypeContactSpecialCategoryMarked is stored forever: never rename it.
const TypeContactSpecialCategoryMarked = "dpo.ContactSpecialCategoryMarked"

func (ContactSpecialCategoryMarked) EventType() string  { return TypeContactSpecialCategoryMarked }
func (ContactSpecialCategoryMarked) SchemaVersion() int { return 1 }

// ContactSpecialStreamName is the stream of one contact's markings.
func ContactSpecialStreamName(contactID string) string { return "special-contact-" + contactID }

// ContactSpecialMarking is the aggregate of one contact's markings.
type ContactSpecialMarking struct {
	current map[ContactField]ContactSpecialCategoryMarked
}

// Apply evolves the markings.
func (m *ContactSpecialMarking) Apply(ev domain.Event) {
	e, ok := ev.(ContactSpecialCategoryMarked)
	if !ok {
		return
	}
	if m.current == nil {
		m.current = map[ContactField]ContactSpecialCategoryMarked{}
	}
	if len(e.Categories) == 0 {
		delete(m.current, e.Field)
		return
	}
	m.current[e.Field] = e
}

// Mark decides to mark e.Field of the contact with e's categories (none:
// lift that marking), by the rule every marking follows (checkSpecial).
// The same marking again decides nothing, and so does lifting what is not
// marked.
func (m *ContactSpecialMarking) Mark(e ContactSpecialCategoryMarked) ([]domain.Event, error) {
	var probs domain.Problems
	e.Categories, e.Grounds = checkSpecial(&probs, e.Categories, e.Grounds)
	if !slices.Contains(ContactFields, e.Field) {
		probs.Add(domain.Invalid("field", "choose the whole contact, its addresses, its roles or its relations").WithCode("dpo.special.field"))
	}
	probs.Add(checkID("contact_id", e.ContactID, "dpo.special.contact"))
	probs.Add(checkID("marked_by", e.MarkedBy, "dpo.actor.id"))
	if err := probs.Err(); err != nil {
		return nil, err
	}
	cur, found := m.current[e.Field]
	if len(e.Categories) == 0 && !found {
		return nil, nil
	}
	if found && slices.Equal(cur.Categories, e.Categories) && slices.Equal(cur.Grounds, e.Grounds) {
		return nil, nil
	}
	return []domain.Event{e}, nil
}

// Current is the contact's markings as they stand, in ContactFields'
// order (what its access package lists).
func (m *ContactSpecialMarking) Current() []ContactSpecialCategoryMarked {
	var out []ContactSpecialCategoryMarked
	for _, f := range ContactFields {
		if e, ok := m.current[f]; ok {
			out = append(out, e)
		}
	}
	return out
}

// CarryInto decides what a merge does with the markings of the merged
// contact (m, mergedID): the survivor (survivor, survivorID) takes each
// in, field by field — the categories and grounds of both where both
// marked the field, so nothing the merged contact's data was protected by
// is lost with the details it hands over — and the merged contact's are
// lifted, for they are now the survivor's (one person counted once). by
// and at are who merged and when. Nothing to carry decides nothing.
func (m *ContactSpecialMarking) CarryInto(survivor *ContactSpecialMarking, survivorID, mergedID, by string, at time.Time) (toSurvivor, toMerged []domain.Event, err error) {
	for _, merged := range m.Current() {
		carried := ContactSpecialCategoryMarked{ContactID: survivorID, Field: merged.Field, MarkedAt: at, MarkedBy: by, CarriedFrom: mergedID,
			Categories: merged.Categories, Grounds: merged.Grounds}
		if own, ok := survivor.current[merged.Field]; ok {
			carried.Categories = append(slices.Clone(own.Categories), merged.Categories...)
			carried.Grounds = append(slices.Clone(own.Grounds), merged.Grounds...)
		}
		events, err := survivor.Mark(carried)
		if err != nil {
			return nil, nil, err
		}
		toSurvivor = append(toSurvivor, events...)
		toMerged = append(toMerged, ContactSpecialCategoryMarked{ContactID: mergedID, Field: merged.Field, MarkedAt: at, MarkedBy: by,
			CarriedTo: survivorID})
	}
	return toSurvivor, toMerged, nil
}
