package contact

import (
	"context"
	"time"

	"github.com/klient-crm/klient/commands/journal"
	"github.com/klient-crm/klient/domain"
	domaincontact "github.com/klient-crm/klient/domain/contact"
)

// RegisterOrganisation makes an organisation (or a sole trader's firm) a
// contact.
type RegisterOrganisation struct {
	Actor journal.Actor
	// ContactID is optional, as in RegisterPerson.
	ContactID string
	Details   domaincontact.OrganisationDetails
}

// RegisterOrganisationHandler handles RegisterOrganisation.
type RegisterOrganisationHandler struct{ contacts *Contacts }

// NewRegisterOrganisationHandler returns the handler.
func NewRegisterOrganisationHandler(contacts *Contacts) (*RegisterOrganisationHandler, error) {
	if err := requireContacts("NewRegisterOrganisationHandler", contacts); err != nil {
		return nil, err
	}
	return &RegisterOrganisationHandler{contacts: contacts}, nil
}

// Handle registers the organisation; a retry behaves as in RegisterPerson.
func (h *RegisterOrganisationHandler) Handle(ctx context.Context, cmd RegisterOrganisation) (Result, error) {
	if err := cmd.Actor.Check(); err != nil {
		return Result{}, err
	}
	id, err := newContactID(cmd.ContactID)
	if err != nil {
		return Result{}, err
	}
	return h.contacts.register(ctx, cmd.Actor, id, func(c *domaincontact.Contact, now time.Time) ([]domain.Event, error) {
		return c.RegisterOrganisation(id, cmd.Details, now)
	})
}
