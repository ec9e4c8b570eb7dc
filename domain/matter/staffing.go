package matter

import (
	"slices"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/access"
)

// AssignResponsibleLawyer decides who answers for the matter; the caller
// first asks CheckStaff of them. The same lawyer decides nothing.
func (m *Matter) AssignResponsibleLawyer(staffID string) ([]domain.Event, error) {
	if err := m.active(); err != nil {
		return nil, err
	}
	id, err := checkStaffID("staff_id", staffID)
	if err != nil || id == m.responsible {
		return nil, err
	}
	return []domain.Event{ResponsibleLawyerAssigned{MatterID: m.id, StaffID: id}}, nil
}

// ChangeTeam decides the complete new team: staff members (each checked
// by the caller with CheckStaff) and whole teams by name.
func (m *Matter) ChangeTeam(members, teams []string) ([]domain.Event, error) {
	if err := m.active(); err != nil {
		return nil, err
	}
	ms, membersErr := normaliseMembers("members", members)
	ts, teamsErr := access.NormaliseTeams("teams", teams)
	if err := domain.JoinProblems(membersErr, teamsErr); err != nil {
		return nil, err
	}
	if slices.Equal(ms, m.members) && slices.Equal(ts, m.teams) {
		return nil, nil
	}
	return []domain.Event{TeamChanged{MatterID: m.id, Members: ms, Teams: ts}}, nil
}

// GrantAccess decides that a staff member outside the team may see the
// matter. Grants remain possible on a closed matter (a review, an audit).
func (m *Matter) GrantAccess(staffID string) ([]domain.Event, error) {
	if err := m.changeable(); err != nil {
		return nil, err
	}
	id, err := checkStaffID("staff_id", staffID)
	if err != nil || slices.Contains(m.grants, id) {
		return nil, err
	}
	return []domain.Event{AccessGranted{MatterID: m.id, StaffID: id}}, nil
}

// RevokeAccess ends a grant; revoking one that is not there decides
// nothing (the member already has no grant).
func (m *Matter) RevokeAccess(staffID string) ([]domain.Event, error) {
	if err := m.changeable(); err != nil || !slices.Contains(m.grants, staffID) {
		return nil, err
	}
	return []domain.Event{AccessRevoked{MatterID: m.id, StaffID: staffID}}, nil
}

// VisibleTo reports whether viewer works on the matter or was granted
// access to it (see Visible).
func (m *Matter) VisibleTo(viewer access.Viewer) bool {
	return Visible(viewer, m.responsible, m.members, m.teams, m.grants)
}

// Visible is the need-to-know rule of matters: a viewer sees a matter
// they answer for, are on the team of (by name or by one of their teams),
// or were granted. Walls (access.Walled) come on top and beat it.
func Visible(viewer access.Viewer, responsible string, members, teams, grants []string) bool {
	if id := viewer.StaffID; id != "" && (id == responsible || slices.Contains(members, id) || slices.Contains(grants, id)) {
		return true
	}
	return slices.ContainsFunc(viewer.Teams, func(t string) bool { return slices.Contains(teams, t) })
}
