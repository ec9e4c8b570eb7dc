package matter

import (
	"context"
	"time"

	"github.com/klient-crm/klient/commands/journal"
	"github.com/klient-crm/klient/domain"
	domainmatter "github.com/klient-crm/klient/domain/matter"
)

// RevokeMatterAccess ends a grant.
type RevokeMatterAccess struct {
	Actor           journal.Actor
	MatterID        string
	ExpectedVersion uint64
	StaffID         string
}

// HandleRevoke revokes a grant. The member is not looked up: a grant of a
// member who has since left must still be revocable.
func (h *MatterStaffingHandler) HandleRevoke(ctx context.Context, cmd RevokeMatterAccess) (MatterResult, error) {
	return h.matters.change(ctx, cmd.Actor, cmd.MatterID, cmd.ExpectedVersion, func(m *domainmatter.Matter, _ time.Time) ([]domain.Event, error) {
		return m.RevokeAccess(journal.CanonicalID(cmd.StaffID))
	})
}
