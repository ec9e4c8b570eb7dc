package contact

import (
	"context"
	"slices"
	"time"

	"github.com/google/uuid"

	"github.com/klient-crm/klient/commands/journal"
	"github.com/klient-crm/klient/domain"
	domaincontact "github.com/klient-crm/klient/domain/contact"
)

// AddRelationship records how one contact stands to another of its kind:
// organisations (parent company, same group) or persons (spouse, guardian,
// legal representative, deputy). The relation is recorded in ContactID's
// stream and shown on both contacts.
type AddRelationship struct {
	Actor journal.Actor
	// ContactID is the contact the relation is read from ("A is parent
	// of B": A); ExpectedVersion is its version.
	ContactID       string
	ExpectedVersion uint64
	OtherID         string
	Kind            domaincontact.RelationKind
}

// EndRelationship ends a relation ContactID records to OtherID.
type EndRelationship struct {
	Actor           journal.Actor
	ContactID       string
	ExpectedVersion uint64
	OtherID         string
	Kind            domaincontact.RelationKind
}

// RelationshipHandler handles AddRelationship and EndRelationship.
type RelationshipHandler struct{ contacts *Contacts }

// NewRelationshipHandler returns the handler.
func NewRelationshipHandler(contacts *Contacts) (*RelationshipHandler, error) {
	if err := requireContacts("NewRelationshipHandler", contacts); err != nil {
		return nil, err
	}
	return &RelationshipHandler{contacts: contacts}, nil
}

// Add checks that the other contact is an existing, active contact of the
// same kind that the actor may know of (a walled one is refused as one
// that does not exist), then lets the contact decide. As with an
// affiliation, the other's stream is read without locking it.
func (h *RelationshipHandler) Add(ctx context.Context, cmd AddRelationship) (Result, error) {
	if err := cmd.Actor.Check(); err != nil {
		return Result{}, err
	}
	otherID, other := "", new(domaincontact.Contact)
	if u, err := uuid.Parse(cmd.OtherID); err == nil {
		otherID = u.String()
		if other, _, err = LoadAs(ctx, &h.contacts.journal, cmd.Actor, otherID); err != nil {
			return Result{}, err
		}
	}
	return h.contacts.change(ctx, cmd.Actor, cmd.ContactID, cmd.ExpectedVersion, func(c *domaincontact.Contact, _ time.Time) ([]domain.Event, error) {
		if otherID != "" && otherID != c.ID() && c.Exists() {
			if err := other.CheckRelationshipTarget(c.Kind()); err != nil {
				return nil, err
			}
		}
		return c.AddRelationship(otherID, cmd.Kind)
	})
}

// End ends the relation: one the contact records, or one a contact merged
// into it recorded (issue 14: the survivor's page shows them as its own),
// which the survivor's stream then records the end of.
func (h *RelationshipHandler) End(ctx context.Context, cmd EndRelationship) (Result, error) {
	if err := cmd.Actor.Check(); err != nil {
		return Result{}, err
	}
	otherID := journal.CanonicalID(cmd.OtherID)
	inherited, err := h.inherited(ctx, journal.CanonicalID(cmd.ContactID), otherID)
	if err != nil {
		return Result{}, err
	}
	return h.contacts.change(ctx, cmd.Actor, cmd.ContactID, cmd.ExpectedVersion, func(c *domaincontact.Contact, _ time.Time) ([]domain.Event, error) {
		return c.EndRelationship(otherID, cmd.Kind, inherited...)
	})
}

// inherited lists the relations id holds through merges, as the read
// models show them after the merges moved their rows: those recorded by
// the contacts merged into id (and those merged into them in turn), and
// those id records to a contact since merged into other, which now read
// as relations to other. An ID that is no contact's has none; the change
// then refuses it as it would.
func (h *RelationshipHandler) inherited(ctx context.Context, id, other string) ([]domaincontact.Relationship, error) {
	if _, err := uuid.Parse(id); err != nil {
		return nil, nil
	}
	self, absorbed, err := h.absorbed(ctx, id)
	if err != nil {
		return nil, err
	}
	var out []domaincontact.Relationship
	for _, c := range absorbed {
		out = append(out, c.Relationships()...)
	}
	if _, err := uuid.Parse(other); err != nil || other == id {
		return out, nil
	}
	_, intoOther, err := h.absorbed(ctx, other)
	if err != nil {
		return nil, err
	}
	for _, r := range self.Relationships() {
		if slices.ContainsFunc(intoOther, func(c *domaincontact.Contact) bool { return c.ID() == r.OtherID }) {
			out = append(out, domaincontact.Relationship{OtherID: other, Kind: r.Kind})
		}
	}
	return out, nil
}

// absorbed loads contact id and the contacts merged into it, transitively,
// from their streams.
func (h *RelationshipHandler) absorbed(ctx context.Context, id string) (*domaincontact.Contact, []*domaincontact.Contact, error) {
	var self *domaincontact.Contact
	var out []*domaincontact.Contact
	queue, seen := []string{id}, map[string]bool{id: true}
	for len(queue) > 0 {
		c, _, err := Load(ctx, &h.contacts.journal, queue[0])
		if err != nil {
			return nil, nil, err
		}
		if queue[0] == id {
			self = c
		} else {
			out = append(out, c)
		}
		queue = queue[1:]
		for _, m := range c.Absorbed() {
			if !seen[m] {
				seen[m] = true
				queue = append(queue, m)
			}
		}
	}
	return self, out, nil
}
