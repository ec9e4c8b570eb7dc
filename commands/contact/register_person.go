package contact

import (
	"context"
	"time"

	"github.com/klient-crm/klient/commands/journal"
	"github.com/klient-crm/klient/domain"
	domaincontact "github.com/klient-crm/klient/domain/contact"
)

// RegisterPerson makes a natural person a contact.
type RegisterPerson struct {
	Actor journal.Actor
	// ContactID is optional: a client that chooses the (UUID) ID itself can
	// safely send the same command again after a timeout. Empty: a new
	// UUIDv7 is chosen.
	ContactID string
	Details   domaincontact.PersonDetails
}

// RegisterPersonHandler handles RegisterPerson.
type RegisterPersonHandler struct{ contacts *Contacts }

// NewRegisterPersonHandler returns the handler.
func NewRegisterPersonHandler(contacts *Contacts) (*RegisterPersonHandler, error) {
	if err := requireContacts("NewRegisterPersonHandler", contacts); err != nil {
		return nil, err
	}
	return &RegisterPersonHandler{contacts: contacts}, nil
}

// Handle registers the person. Sent again with the same ContactID and the
// same details, it returns the first result and writes nothing; with other
// details under that ID it is a KindConflict.
func (h *RegisterPersonHandler) Handle(ctx context.Context, cmd RegisterPerson) (Result, error) {
	if err := cmd.Actor.Check(); err != nil {
		return Result{}, err
	}
	id, err := newContactID(cmd.ContactID)
	if err != nil {
		return Result{}, err
	}
	return h.contacts.register(ctx, cmd.Actor, id, func(c *domaincontact.Contact, now time.Time) ([]domain.Event, error) {
		return c.RegisterPerson(id, cmd.Details, now)
	})
}
