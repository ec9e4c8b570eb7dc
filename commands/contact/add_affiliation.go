package contact

import (
	"context"
	"time"

	"github.com/google/uuid"

	"github.com/klient-crm/klient/commands/journal"
	"github.com/klient-crm/klient/domain"
	domaincontact "github.com/klient-crm/klient/domain/contact"
)

// AddAffiliation records that a person holds a role at an organisation.
type AddAffiliation struct {
	Actor journal.Actor
	// ContactID is the person; ExpectedVersion is the person's.
	ContactID       string
	ExpectedVersion uint64
	OrganisationID  string
	Role            string // job title; may be empty
}

// AddAffiliationHandler handles AddAffiliation.
type AddAffiliationHandler struct{ contacts *Contacts }

// NewAddAffiliationHandler returns the handler.
func NewAddAffiliationHandler(contacts *Contacts) (*AddAffiliationHandler, error) {
	if err := requireContacts("NewAddAffiliationHandler", contacts); err != nil {
		return nil, err
	}
	return &AddAffiliationHandler{contacts: contacts}, nil
}

// Handle checks that the organisation is an existing, active organisation,
// then lets the person decide. The check reads the organisation's stream
// without locking it: an organisation archived a moment later keeps the
// affiliation, as it would had it been archived a moment after the append.
func (h *AddAffiliationHandler) Handle(ctx context.Context, cmd AddAffiliation) (Result, error) {
	if err := cmd.Actor.Check(); err != nil {
		return Result{}, err
	}
	orgID, err := h.organisation(ctx, cmd.Actor, cmd.OrganisationID)
	if err != nil {
		return Result{}, err
	}
	return h.contacts.change(ctx, cmd.Actor, cmd.ContactID, cmd.ExpectedVersion, func(c *domaincontact.Contact, _ time.Time) ([]domain.Event, error) {
		return c.AddAffiliation(orgID, cmd.Role)
	})
}

// organisation returns the canonical ID of an organisation that may take
// an affiliate; one the actor is walled from is refused as unknown.
func (h *AddAffiliationHandler) organisation(ctx context.Context, actor journal.Actor, id string) (string, error) {
	u, err := uuid.Parse(id)
	if err != nil {
		return "", domain.Invalid("organisation_id", "choose an organisation").WithCode("contact.affiliation.organisation_required")
	}
	org, _, err := LoadAs(ctx, &h.contacts.journal, actor, u.String())
	if err != nil {
		return "", err
	}
	return u.String(), org.CheckAffiliationTarget()
}
