package staff

import (
	"context"
	"time"

	"github.com/klient-crm/klient/commands/journal"
	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/access"
)

// ReactivateStaffMember lets a deactivated member sign in again.
type ReactivateStaffMember struct {
	Actor           journal.Actor
	StaffID         string
	ExpectedVersion uint64
}

// HandleReactivate reactivates the member; an active member stays as it
// is and the current StaffResult is returned.
func (h *StaffActivationHandler) HandleReactivate(ctx context.Context, cmd ReactivateStaffMember) (StaffResult, error) {
	return h.staff.change(ctx, cmd.Actor, cmd.StaffID, cmd.ExpectedVersion, func(s *access.StaffMember, _ time.Time) ([]domain.Event, error) {
		return s.Reactivate()
	})
}
