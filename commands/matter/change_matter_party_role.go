package matter

import (
	"context"
	"time"

	"github.com/klient-crm/klient/commands/journal"
	"github.com/klient-crm/klient/domain"
	domainmatter "github.com/klient-crm/klient/domain/matter"
)

// ChangeMatterPartyRole gives a party a new role and a complete new note.
type ChangeMatterPartyRole struct {
	Actor           journal.Actor
	MatterID        string
	ExpectedVersion uint64
	PartyID         string
	Role            domainmatter.PartyRole
	Note            string
}

// HandleRole changes the party's role and note.
func (h *MatterPartiesHandler) HandleRole(ctx context.Context, cmd ChangeMatterPartyRole) (MatterResult, error) {
	return h.matters.change(ctx, cmd.Actor, cmd.MatterID, cmd.ExpectedVersion, func(m *domainmatter.Matter, _ time.Time) ([]domain.Event, error) {
		return m.ChangePartyRole(journal.CanonicalID(cmd.PartyID), cmd.Role, cmd.Note)
	})
}
