package matter

import (
	"context"
	"time"

	"github.com/klient-crm/klient/commands/journal"
	"github.com/klient-crm/klient/domain"
	domainmatter "github.com/klient-crm/klient/domain/matter"
)

// RemoveMatterParty takes a party off the matter.
type RemoveMatterParty struct {
	Actor           journal.Actor
	MatterID        string
	ExpectedVersion uint64
	PartyID         string
}

// HandleRemove removes the party.
func (h *MatterPartiesHandler) HandleRemove(ctx context.Context, cmd RemoveMatterParty) (MatterResult, error) {
	return h.matters.change(ctx, cmd.Actor, cmd.MatterID, cmd.ExpectedVersion, func(m *domainmatter.Matter, _ time.Time) ([]domain.Event, error) {
		return m.RemoveParty(journal.CanonicalID(cmd.PartyID))
	})
}
