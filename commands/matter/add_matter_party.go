package matter

import (
	"context"
	"time"

	"github.com/klient-crm/klient/commands/journal"
	"github.com/klient-crm/klient/domain"
	domainmatter "github.com/klient-crm/klient/domain/matter"
)

// AddMatterParty adds a contact to a matter in a role.
type AddMatterParty struct {
	Actor           journal.Actor
	MatterID        string
	ExpectedVersion uint64
	Party           MatterParty
}

// MatterPartiesHandler handles the three party commands (AddMatterParty;
// ChangeMatterPartyRole and RemoveMatterParty in their own files). Every
// change of parties calls for a new conflict check before an intake may
// open.
type MatterPartiesHandler struct{ matters *Matters }

// NewMatterPartiesHandler returns the handler.
func NewMatterPartiesHandler(matters *Matters) (*MatterPartiesHandler, error) {
	if err := requireMatters("NewMatterPartiesHandler", matters); err != nil {
		return nil, err
	}
	return &MatterPartiesHandler{matters: matters}, nil
}

// HandleAdd checks that the contact exists and is not erased, then adds
// the party. The party's ID is derived from the matter and the contact.
func (h *MatterPartiesHandler) HandleAdd(ctx context.Context, cmd AddMatterParty) (MatterResult, error) {
	if err := cmd.Actor.Check(); err != nil {
		return MatterResult{}, err
	}
	id, err := existingMatterID(cmd.MatterID)
	if err != nil {
		return MatterResult{}, err
	}
	contactID, err := h.matters.partyContact(ctx, cmd.Actor, "contact_id", cmd.Party.ContactID)
	if err != nil {
		return MatterResult{}, err
	}
	p := domainmatter.NewParty{PartyID: partyID(id, contactID), ContactID: contactID, Role: cmd.Party.Role, Note: cmd.Party.Note}
	return h.matters.change(ctx, cmd.Actor, id, cmd.ExpectedVersion, func(m *domainmatter.Matter, _ time.Time) ([]domain.Event, error) {
		return m.AddParty(p)
	})
}
