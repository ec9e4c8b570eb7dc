package commands

import (
	"context"
	"time"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/access"
)

// DeactivateStaffMember stops a member from signing in; nothing is deleted.
type DeactivateStaffMember struct {
	Actor           Actor
	StaffID         string
	ExpectedVersion uint64
}

// ReactivateStaffMember lets a deactivated member sign in again.
type ReactivateStaffMember struct {
	Actor           Actor
	StaffID         string
	ExpectedVersion uint64
}

// StaffActivationHandler handles DeactivateStaffMember and
// ReactivateStaffMember.
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
	if cmd.Actor.ID != "" && canonicalID(cmd.Actor.ID) == canonicalID(cmd.StaffID) {
		return StaffResult{}, domain.Forbidden("you cannot deactivate your own account").WithCode("staff.deactivate.self")
	}
	return h.staff.change(ctx, cmd.Actor, cmd.StaffID, cmd.ExpectedVersion, func(s *access.StaffMember, _ time.Time) ([]domain.Event, error) {
		return s.Deactivate()
	})
}

// HandleReactivate reactivates the member; an active member stays as it
// is and the current StaffResult is returned.
func (h *StaffActivationHandler) HandleReactivate(ctx context.Context, cmd ReactivateStaffMember) (StaffResult, error) {
	return h.staff.change(ctx, cmd.Actor, cmd.StaffID, cmd.ExpectedVersion, func(s *access.StaffMember, _ time.Time) ([]domain.Event, error) {
		return s.Reactivate()
	})
}
