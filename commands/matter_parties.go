package commands

import (
	"context"
	"time"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/matter"
)

// AddMatterParty adds a contact to a matter in a role.
type AddMatterParty struct {
	Actor           Actor
	MatterID        string
	ExpectedVersion uint64
	Party           MatterParty
}

// ChangeMatterPartyRole gives a party a new role and a complete new note.
type ChangeMatterPartyRole struct {
	Actor           Actor
	MatterID        string
	ExpectedVersion uint64
	PartyID         string
	Role            matter.PartyRole
	Note            string
}

// RemoveMatterParty takes a party off the matter.
type RemoveMatterParty struct {
	Actor           Actor
	MatterID        string
	ExpectedVersion uint64
	PartyID         string
}

// MatterPartiesHandler handles the three party commands. Every change of
// parties calls for a new conflict check before an intake may open.
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
	if err := cmd.Actor.check(); err != nil {
		return MatterResult{}, err
	}
	id, err := existingMatterID(cmd.MatterID)
	if err != nil {
		return MatterResult{}, err
	}
	contactID, err := h.matters.partyContact(ctx, "contact_id", cmd.Party.ContactID)
	if err != nil {
		return MatterResult{}, err
	}
	p := matter.NewParty{PartyID: partyID(id, contactID), ContactID: contactID, Role: cmd.Party.Role, Note: cmd.Party.Note}
	return h.matters.change(ctx, cmd.Actor, id, cmd.ExpectedVersion, func(m *matter.Matter, _ time.Time) ([]domain.Event, error) {
		return m.AddParty(p)
	})
}

// HandleRole changes the party's role and note.
func (h *MatterPartiesHandler) HandleRole(ctx context.Context, cmd ChangeMatterPartyRole) (MatterResult, error) {
	return h.matters.change(ctx, cmd.Actor, cmd.MatterID, cmd.ExpectedVersion, func(m *matter.Matter, _ time.Time) ([]domain.Event, error) {
		return m.ChangePartyRole(canonicalID(cmd.PartyID), cmd.Role, cmd.Note)
	})
}

// HandleRemove removes the party.
func (h *MatterPartiesHandler) HandleRemove(ctx context.Context, cmd RemoveMatterParty) (MatterResult, error) {
	return h.matters.change(ctx, cmd.Actor, cmd.MatterID, cmd.ExpectedVersion, func(m *matter.Matter, _ time.Time) ([]domain.Event, error) {
		return m.RemoveParty(canonicalID(cmd.PartyID))
	})
}
