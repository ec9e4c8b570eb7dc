package contact

import (
	"context"
	"time"

	"github.com/klient-crm/klient/commands/journal"
	"github.com/klient-crm/klient/domain"
	domaincontact "github.com/klient-crm/klient/domain/contact"
)

// ArchiveContact takes a contact out of everyday lists; nothing is deleted.
type ArchiveContact struct {
	Actor           journal.Actor
	ContactID       string
	ExpectedVersion uint64
}

// ArchiveContactHandler handles ArchiveContact.
type ArchiveContactHandler struct{ contacts *Contacts }

// NewArchiveContactHandler returns the handler.
func NewArchiveContactHandler(contacts *Contacts) (*ArchiveContactHandler, error) {
	if err := requireContacts("NewArchiveContactHandler", contacts); err != nil {
		return nil, err
	}
	return &ArchiveContactHandler{contacts: contacts}, nil
}

// Handle archives the contact; an archived contact stays as it is and the
// current Result is returned.
func (h *ArchiveContactHandler) Handle(ctx context.Context, cmd ArchiveContact) (Result, error) {
	return h.contacts.change(ctx, cmd.Actor, cmd.ContactID, cmd.ExpectedVersion, func(c *domaincontact.Contact, _ time.Time) ([]domain.Event, error) {
		return c.Archive()
	})
}
