package contact

import (
	"context"
	"time"

	"github.com/klient-crm/klient/commands/journal"
	"github.com/klient-crm/klient/domain"
	domaincontact "github.com/klient-crm/klient/domain/contact"
)

// ChangePersonDetails replaces a person's details with a complete new set
// (rectification included).
type ChangePersonDetails struct {
	Actor     journal.Actor
	ContactID string
	// ExpectedVersion is the Version the caller last saw (Result.Version or
	// the read model's); if the contact has moved on, the change is refused.
	ExpectedVersion uint64
	Details         domaincontact.PersonDetails
}

// ChangeContactDetailsHandler handles both kinds of details change
// (ChangeOrganisationDetails in change_organisation_details.go).
type ChangeContactDetailsHandler struct{ contacts *Contacts }

// NewChangeContactDetailsHandler returns the handler.
func NewChangeContactDetailsHandler(contacts *Contacts) (*ChangeContactDetailsHandler, error) {
	if err := requireContacts("NewChangeContactDetailsHandler", contacts); err != nil {
		return nil, err
	}
	return &ChangeContactDetailsHandler{contacts: contacts}, nil
}

// HandlePerson changes a person's details. Details equal to the current
// ones write nothing and return the current Result.
func (h *ChangeContactDetailsHandler) HandlePerson(ctx context.Context, cmd ChangePersonDetails) (Result, error) {
	return h.contacts.change(ctx, cmd.Actor, cmd.ContactID, cmd.ExpectedVersion, func(c *domaincontact.Contact, now time.Time) ([]domain.Event, error) {
		return c.ChangePersonDetails(cmd.Details, now)
	})
}
