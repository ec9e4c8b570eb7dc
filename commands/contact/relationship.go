package contact

import (
	"context"
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
	inherited, err := h.inherited(ctx, journal.CanonicalID(cmd.ContactID))
	if err != nil {
		return Result{}, err
	}
	return h.contacts.change(ctx, cmd.Actor, cmd.ContactID, cmd.ExpectedVersion, func(c *domaincontact.Contact, _ time.Time) ([]domain.Event, error) {
		return c.EndRelationship(otherID, cmd.Kind, inherited...)
	})
}

// inherited lists the relations recorded by the contacts merged into id,
// and those merged into them in turn, from their streams. An ID that is
// no contact's has none; the change then refuses it as it would.
func (h *RelationshipHandler) inherited(ctx context.Context, id string) ([]domaincontact.Relationship, error) {
	if _, err := uuid.Parse(id); err != nil {
		return nil, nil
	}
	var out []domaincontact.Relationship
	queue, seen := []string{id}, map[string]bool{id: true}
	for len(queue) > 0 {
		c, _, err := Load(ctx, &h.contacts.journal, queue[0])
		if err != nil {
			return nil, err
		}
		if queue[0] != id {
			out = append(out, c.Relationships()...)
		}
		queue = queue[1:]
		for _, m := range c.Absorbed() {
			if !seen[m] {
				seen[m] = true
				queue = append(queue, m)
			}
		}
	}
	return out, nil
}
