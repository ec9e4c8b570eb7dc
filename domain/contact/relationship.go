package contact

import (
	"cmp"
	"slices"

	"github.com/klient-crm/klient/domain"
)

// RelationKind is how one contact stands to another, read from the
// contact whose stream records it ("A is parent of B"). Organisations
// relate to organisations, persons to persons; a person's role at an
// organisation is an Affiliation.
type RelationKind string

// The kinds of relationship (issue 14).
const (
	RelParent              RelationKind = "parent"               // moderbolag till: the other is its subsidiary
	RelGroup               RelationKind = "group"                // i samma koncern som (both ways)
	RelSpouse              RelationKind = "spouse"               // make eller maka till (both ways)
	RelGuardian            RelationKind = "guardian"             // förmyndare för
	RelLegalRepresentative RelationKind = "legal_representative" // legal ställföreträdare för
	RelDeputy              RelationKind = "deputy"               // god man för
)

// OrganisationRelations and PersonRelations are the kinds each pair of
// kinds of contact may have; a subsidiary is the parent's relation read
// from the other side.
var (
	OrganisationRelations = []RelationKind{RelParent, RelGroup}
	PersonRelations       = []RelationKind{RelSpouse, RelGuardian, RelLegalRepresentative, RelDeputy}
)

// Symmetric says whether the relation reads the same from both sides.
func (k RelationKind) Symmetric() bool { return k == RelGroup || k == RelSpouse }

// Relationship is one relation a contact records to another.
type Relationship struct {
	OtherID string
	Kind    RelationKind
}

// relationKey is one recorded relation: a contact may relate to another
// in more than one way (a spouse who is also the guardian), once each.
type relationKey struct {
	other string
	kind  RelationKind
}

// AddRelationship decides that this contact stands to other (a contact of
// the same kind, which the caller first asks CheckRelationshipTarget) as
// kind says. A relation already recorded, from either side when it reads
// the same both ways, decides nothing.
func (c *Contact) AddRelationship(otherID string, kind RelationKind) ([]domain.Event, error) {
	if err := c.changeable(); err != nil {
		return nil, err
	}
	if c.archived {
		return nil, domain.Conflict("this contact is archived; reactivate it first").WithCode("contact.archived")
	}
	allowed := PersonRelations
	if c.kind == KindOrganisation {
		allowed = OrganisationRelations
	}
	switch {
	case otherID == "":
		return nil, domain.Invalid("other_id", "choose the other contact").WithCode("contact.relationship.other_required")
	case otherID == c.id:
		return nil, domain.Invalid("other_id", "a contact cannot be related to itself").WithCode("contact.relationship.self")
	case !slices.Contains(allowed, kind):
		return nil, domain.Invalid("kind", "this kind of relationship does not fit this contact").WithCode("contact.relationship.kind")
	}
	if _, ok := c.relations[relationKey{otherID, kind}]; ok {
		return nil, nil
	}
	return []domain.Event{RelationshipAdded{ContactID: c.id, OtherID: otherID, Kind: string(kind)}}, nil
}

// EndRelationship decides that the relation recorded to other is over.
// inherited are the relations the contacts merged into this one recorded
// (read by the caller from their streams): after a merge they are this
// contact's, shown on its page, but the merged contacts' streams refuse
// changes, so this contact's own stream records their end — which the read
// models apply to the rows the merge moved here.
func (c *Contact) EndRelationship(otherID string, kind RelationKind, inherited ...Relationship) ([]domain.Event, error) {
	if err := c.changeable(); err != nil {
		return nil, err
	}
	k := relationKey{otherID, kind}
	if !c.relations[k] && (c.inheritedEnded[k] || !slices.Contains(inherited, Relationship{OtherID: otherID, Kind: kind})) {
		return nil, domain.NotFound("there is no such relationship").WithCode("contact.relationship.not_found")
	}
	return []domain.Event{RelationshipEnded{ContactID: c.id, OtherID: otherID, Kind: string(kind)}}, nil
}

// CheckRelationshipTarget is asked of the other contact before a relation
// to it is recorded: it must exist, hold its data, be active and be of
// kind (persons relate to persons, organisations to organisations).
func (c *Contact) CheckRelationshipTarget(kind Kind) error {
	other := func(e *domain.Error) *domain.Error { e.Field = "other_id"; return e }
	switch {
	case !c.Exists():
		return other(domain.NotFound("there is no such contact").WithCode("contact.relationship.other_not_found"))
	case c.erased:
		return other(domain.Erased("that contact's data has been erased").WithCode("contact.relationship.other_erased"))
	case c.kind != kind:
		return other(domain.Invalid("other_id", "persons relate to persons and organisations to organisations").WithCode("contact.relationship.other_kind"))
	case c.archived:
		return other(domain.Conflict("that contact is archived").WithCode("contact.relationship.other_archived"))
	}
	return nil
}

// Relationships lists the relations this contact records, by other ID.
func (c *Contact) Relationships() []Relationship {
	out := make([]Relationship, 0, len(c.relations))
	for k := range c.relations {
		out = append(out, Relationship{OtherID: k.other, Kind: k.kind})
	}
	slices.SortFunc(out, func(a, b Relationship) int {
		if a.OtherID != b.OtherID {
			return cmp.Compare(a.OtherID, b.OtherID)
		}
		return cmp.Compare(a.Kind, b.Kind)
	})
	return out
}
