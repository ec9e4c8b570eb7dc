package matter

import (
	"context"
	"time"

	"github.com/klient-crm/klient/commands/journal"
	"github.com/klient-crm/klient/domain"
	domainmatter "github.com/klient-crm/klient/domain/matter"
)

// ChangeMatterTeam gives the matter exactly these staff members and teams
// (complete new sets; none is a set too).
type ChangeMatterTeam struct {
	Actor           journal.Actor
	MatterID        string
	ExpectedVersion uint64
	Members         []string // staff IDs
	Teams           []string
}

// HandleTeam checks that every member is active staff, then changes the
// team.
func (h *MatterStaffingHandler) HandleTeam(ctx context.Context, cmd ChangeMatterTeam) (MatterResult, error) {
	if err := cmd.Actor.Check(); err != nil {
		return MatterResult{}, err
	}
	members, err := h.matters.staffMembers(ctx, "members", cmd.Members)
	if err != nil {
		return MatterResult{}, err
	}
	return h.matters.change(ctx, cmd.Actor, cmd.MatterID, cmd.ExpectedVersion, func(m *domainmatter.Matter, _ time.Time) ([]domain.Event, error) {
		return m.ChangeTeam(members, cmd.Teams)
	})
}
