package staff

import (
	"context"
	"time"

	"github.com/klient-crm/klient/commands/journal"
	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/access"
)

// DeactivateStaffMember stops a member from signing in; nothing is deleted.
type DeactivateStaffMember struct {
	Actor           journal.Actor
	StaffID         string
	ExpectedVersion uint64
}

// StaffActivationHandler handles DeactivateStaffMember and
// ReactivateStaffMember (reactivate_staff_member.go).
type StaffActivationHandler struct{ staff *Staff }

// NewStaffActivationHandler returns the handler.
func NewStaffActivationHandler(staff *Staff) (*StaffActivationHandler, error) {
	if err := requireStaff("NewStaffActivationHandler", staff); err != nil {
		return nil, err
	}
	return &StaffActivationHandler{staff: staff}, nil
}

// HandleDeactivate deactivates the member; an inactive member stays as it
// is and the current StaffResult is returned. Nobody may deactivate their
// own account: the last admin would lock the firm out.
func (h *StaffActivationHandler) HandleDeactivate(ctx context.Context, cmd DeactivateStaffMember) (StaffResult, error) {
	if cmd.Actor.ID != "" && journal.CanonicalID(cmd.Actor.ID) == journal.CanonicalID(cmd.StaffID) {
		return StaffResult{}, domain.Forbidden("you cannot deactivate your own account").WithCode("staff.deactivate.self")
	}
	return h.staff.change(ctx, cmd.Actor, cmd.StaffID, cmd.ExpectedVersion, func(s *access.StaffMember, _ time.Time) ([]domain.Event, error) {
		return s.Deactivate()
	})
}
