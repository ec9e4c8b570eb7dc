package matter

import (
	"context"
	"time"

	"github.com/klient-crm/klient/commands/journal"
	"github.com/klient-crm/klient/domain"
	domainmatter "github.com/klient-crm/klient/domain/matter"
)

// GrantMatterAccess lets a staff member outside the team see the matter.
type GrantMatterAccess struct {
	Actor           journal.Actor
	MatterID        string
	ExpectedVersion uint64
	StaffID         string
}

// HandleGrant grants access; a member who has a grant stays as is.
func (h *MatterStaffingHandler) HandleGrant(ctx context.Context, cmd GrantMatterAccess) (MatterResult, error) {
	return h.withStaff(ctx, cmd.Actor, cmd.StaffID, false, func(id string) (MatterResult, error) {
		return h.matters.change(ctx, cmd.Actor, cmd.MatterID, cmd.ExpectedVersion, func(m *domainmatter.Matter, _ time.Time) ([]domain.Event, error) {
			return m.GrantAccess(id)
		})
	})
}
