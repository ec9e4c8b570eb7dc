package contact

import (
	"context"
	"time"

	"github.com/google/uuid"

	"github.com/klient-crm/klient/commands/journal"
	"github.com/klient-crm/klient/domain"
	domaincontact "github.com/klient-crm/klient/domain/contact"
)

// EndAffiliation records that a person no longer holds a role at an
// organisation.
type EndAffiliation struct {
	Actor journal.Actor
	// ContactID is the person; ExpectedVersion is the person's.
	ContactID       string
	ExpectedVersion uint64
	OrganisationID  string
}

// EndAffiliationHandler handles EndAffiliation.
type EndAffiliationHandler struct{ contacts *Contacts }

// NewEndAffiliationHandler returns the handler.
func NewEndAffiliationHandler(contacts *Contacts) (*EndAffiliationHandler, error) {
	if err := requireContacts("NewEndAffiliationHandler", contacts); err != nil {
		return nil, err
	}
	return &EndAffiliationHandler{contacts: contacts}, nil
}

// Handle ends the affiliation. The organisation is not read: ending a role
// must work even after the organisation was archived or erased.
func (h *EndAffiliationHandler) Handle(ctx context.Context, cmd EndAffiliation) (Result, error) {
	orgID := cmd.OrganisationID
	if u, err := uuid.Parse(orgID); err == nil {
		orgID = u.String()
	}
	return h.contacts.change(ctx, cmd.Actor, cmd.ContactID, cmd.ExpectedVersion, func(c *domaincontact.Contact, _ time.Time) ([]domain.Event, error) {
		return c.EndAffiliation(orgID)
	})
}
