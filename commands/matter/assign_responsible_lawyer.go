package matter

import (
	"context"
	"time"

	"github.com/klient-crm/klient/commands/journal"
	"github.com/klient-crm/klient/domain"
	domainmatter "github.com/klient-crm/klient/domain/matter"
)

// AssignResponsibleLawyer makes an active lawyer answer for the matter.
type AssignResponsibleLawyer struct {
	Actor           journal.Actor
	MatterID        string
	ExpectedVersion uint64
	StaffID         string
}

// MatterStaffingHandler handles who works on a matter and who may see it:
// AssignResponsibleLawyer, ChangeMatterTeam, GrantMatterAccess and
// RevokeMatterAccess, each in its own file.
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
		return h.matters.change(ctx, cmd.Actor, cmd.MatterID, cmd.ExpectedVersion, func(m *domainmatter.Matter, _ time.Time) ([]domain.Event, error) {
			return m.AssignResponsibleLawyer(id)
		})
	})
}

// withStaff checks that staffID names an active member (a lawyer when
// responsible) before running the change with its canonical ID.
func (h *MatterStaffingHandler) withStaff(ctx context.Context, actor journal.Actor, staffID string, responsible bool, run func(string) (MatterResult, error)) (MatterResult, error) {
	if err := actor.Check(); err != nil {
		return MatterResult{}, err
	}
	id, err := h.matters.staffMember(ctx, "staff_id", staffID, responsible)
	if err != nil {
		return MatterResult{}, err
	}
	return run(id)
}
