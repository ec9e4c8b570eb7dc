package staff

import (
	"context"
	"time"

	"github.com/klient-crm/klient/commands/journal"
	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/access"
)

// ChangeStaffRoles gives a staff member exactly the roles and teams listed
// (a complete new set of each; no teams is a set too).
type ChangeStaffRoles struct {
	Actor   journal.Actor
	StaffID string
	// ExpectedVersion is the Version the caller last saw; if the member has
	// moved on, the change is refused.
	ExpectedVersion uint64
	Roles           []access.Role
	Teams           []string
}

// ChangeStaffRolesHandler handles ChangeStaffRoles.
type ChangeStaffRolesHandler struct{ staff *Staff }

// NewChangeStaffRolesHandler returns the handler.
func NewChangeStaffRolesHandler(staff *Staff) (*ChangeStaffRolesHandler, error) {
	if err := requireStaff("NewChangeStaffRolesHandler", staff); err != nil {
		return nil, err
	}
	return &ChangeStaffRolesHandler{staff: staff}, nil
}

// Handle records what differs from the member's current roles and teams;
// the same sets write nothing and return the current StaffResult.
func (h *ChangeStaffRolesHandler) Handle(ctx context.Context, cmd ChangeStaffRoles) (StaffResult, error) {
	return h.staff.change(ctx, cmd.Actor, cmd.StaffID, cmd.ExpectedVersion, func(s *access.StaffMember, _ time.Time) ([]domain.Event, error) {
		return s.ChangeRoles(cmd.Roles, cmd.Teams)
	})
}
