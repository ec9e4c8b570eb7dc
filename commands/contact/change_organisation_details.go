package contact

import (
	"context"
	"time"

	"github.com/klient-crm/klient/commands/journal"
	"github.com/klient-crm/klient/domain"
	domaincontact "github.com/klient-crm/klient/domain/contact"
)

// ChangeOrganisationDetails replaces an organisation's details.
type ChangeOrganisationDetails struct {
	Actor           journal.Actor
	ContactID       string
	ExpectedVersion uint64
	Details         domaincontact.OrganisationDetails
}

// HandleOrganisation changes an organisation's details, as HandlePerson.
func (h *ChangeContactDetailsHandler) HandleOrganisation(ctx context.Context, cmd ChangeOrganisationDetails) (Result, error) {
	return h.contacts.change(ctx, cmd.Actor, cmd.ContactID, cmd.ExpectedVersion, func(c *domaincontact.Contact, now time.Time) ([]domain.Event, error) {
		return c.ChangeOrganisationDetails(cmd.Details, now)
	})
}
