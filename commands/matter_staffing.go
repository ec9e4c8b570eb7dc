package commands

import (
	"context"
	"time"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/matter"
)

// AssignResponsibleLawyer makes an active lawyer answer for the matter.
type AssignResponsibleLawyer struct {
	Actor           Actor
	MatterID        string
	ExpectedVersion uint64
	StaffID         string
}

// ChangeMatterTeam gives the matter exactly these staff members and teams
// (complete new sets; none is a set too).
type ChangeMatterTeam struct {
	Actor           Actor
	MatterID        string
	ExpectedVersion uint64
	Members         []string // staff IDs
	Teams           []string
}

// GrantMatterAccess lets a staff member outside the team see the matter.
type GrantMatterAccess struct {
	Actor           Actor
	MatterID        string
	ExpectedVersion uint64
	StaffID         string
}

// RevokeMatterAccess ends a grant.
type RevokeMatterAccess struct {
	Actor           Actor
	MatterID        string
	ExpectedVersion uint64
	StaffID         string
}

// MatterStaffingHandler handles who works on a matter and who may see it.
type MatterStaffingHandler struct{ matters *Matters }

// NewMatterStaffingHandler returns the handler.
func NewMatterStaffingHandler(matters *Matters) (*MatterStaffingHandler, error) {
	if err := requireMatters("NewMatterStaffingHandler", matters); err != nil {
		return nil, err
	}
	return &MatterStaffingHandler{matters: matters}, nil
}

// HandleResponsible assigns the responsible lawyer.
func (h *MatterStaffingHandler) HandleResponsible(ctx context.Context, cmd AssignResponsibleLawyer) (MatterResult, error) {
	return h.withStaff(ctx, cmd.Actor, cmd.StaffID, true, func(id string) (MatterResult, error) {
		return h.matters.change(ctx, cmd.Actor, cmd.MatterID, cmd.ExpectedVersion, func(m *matter.Matter, _ time.Time) ([]domain.Event, error) {
			return m.AssignResponsibleLawyer(id)
		})
	})
}

// HandleTeam checks that every member is active staff, then changes the
// team.
func (h *MatterStaffingHandler) HandleTeam(ctx context.Context, cmd ChangeMatterTeam) (MatterResult, error) {
	if err := cmd.Actor.check(); err != nil {
		return MatterResult{}, err
	}
	members, err := h.matters.staffMembers(ctx, "members", cmd.Members)
	if err != nil {
		return MatterResult{}, err
	}
	return h.matters.change(ctx, cmd.Actor, cmd.MatterID, cmd.ExpectedVersion, func(m *matter.Matter, _ time.Time) ([]domain.Event, error) {
		return m.ChangeTeam(members, cmd.Teams)
	})
}

// HandleGrant grants access; a member who has a grant stays as is.
func (h *MatterStaffingHandler) HandleGrant(ctx context.Context, cmd GrantMatterAccess) (MatterResult, error) {
	return h.withStaff(ctx, cmd.Actor, cmd.StaffID, false, func(id string) (MatterResult, error) {
		return h.matters.change(ctx, cmd.Actor, cmd.MatterID, cmd.ExpectedVersion, func(m *matter.Matter, _ time.Time) ([]domain.Event, error) {
			return m.GrantAccess(id)
		})
	})
}

// HandleRevoke revokes a grant. The member is not looked up: a grant of a
// member who has since left must still be revocable.
func (h *MatterStaffingHandler) HandleRevoke(ctx context.Context, cmd RevokeMatterAccess) (MatterResult, error) {
	return h.matters.change(ctx, cmd.Actor, cmd.MatterID, cmd.ExpectedVersion, func(m *matter.Matter, _ time.Time) ([]domain.Event, error) {
		return m.RevokeAccess(canonicalID(cmd.StaffID))
	})
}

// withStaff checks that staffID names an active member (a lawyer when
// responsible) before running the change with its canonical ID.
func (h *MatterStaffingHandler) withStaff(ctx context.Context, actor Actor, staffID string, responsible bool, run func(string) (MatterResult, error)) (MatterResult, error) {
	if err := actor.check(); err != nil {
		return MatterResult{}, err
	}
	id, err := h.matters.staffMember(ctx, "staff_id", staffID, responsible)
	if err != nil {
		return MatterResult{}, err
	}
	return run(id)
}
