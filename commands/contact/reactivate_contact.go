package contact

import (
	"context"
	"time"

	"github.com/klient-crm/klient/commands/journal"
	"github.com/klient-crm/klient/domain"
	domaincontact "github.com/klient-crm/klient/domain/contact"
)

// ReactivateContact brings an archived contact back into everyday use.
type ReactivateContact struct {
	Actor           journal.Actor
	ContactID       string
	ExpectedVersion uint64
}

// ReactivateContactHandler handles ReactivateContact.
type ReactivateContactHandler struct{ contacts *Contacts }

// NewReactivateContactHandler returns the handler.
func NewReactivateContactHandler(contacts *Contacts) (*ReactivateContactHandler, error) {
	if err := requireContacts("NewReactivateContactHandler", contacts); err != nil {
		return nil, err
	}
	return &ReactivateContactHandler{contacts: contacts}, nil
}

// Handle reactivates the contact; an active contact stays as it is and the
// current Result is returned.
func (h *ReactivateContactHandler) Handle(ctx context.Context, cmd ReactivateContact) (Result, error) {
	return h.contacts.change(ctx, cmd.Actor, cmd.ContactID, cmd.ExpectedVersion, func(c *domaincontact.Contact, _ time.Time) ([]domain.Event, error) {
		return c.Reactivate()
	})
}
