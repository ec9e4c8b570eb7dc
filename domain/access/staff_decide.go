package access

import (
	"slices"

	"github.com/klient-crm/klient/domain"
)

// Register decides to open an account under id, which the caller chose.
// Registering the same member again under the same ID, with the same
// details, roles and teams, decides nothing: it is a retry. Whether the
// e-mail address is free is for the caller to check (it needs the other
// accounts).
func (s *StaffMember) Register(id string, details StaffDetails, roles []Role, teams []string) ([]domain.Event, error) {
	e, err := newRegistration(id, details, roles, teams)
	if err != nil {
		return nil, err
	}
	if !s.Exists() {
		return []domain.Event{e}, nil
	}
	if s.erased {
		return nil, erasedError()
	}
	if !sameRegistration(s.registration, e) {
		return nil, domain.Conflict("another staff member is already registered under this ID").WithCode("staff.id.taken")
	}
	return nil, nil
}

func newRegistration(id string, details StaffDetails, roles []Role, teams []string) (StaffMemberRegistered, error) {
	var idErr error
	switch {
	case id == "":
		idErr = domain.Invalid("staff_id", "a staff member needs an ID").WithCode("staff.id.required")
	case !domain.ValidID(id):
		idErr = domain.Invalid("staff_id", "this is not a staff ID").WithCode("staff.id.format")
	}
	d, detailsErr := NormaliseStaffDetails(details)
	r, rolesErr := NormaliseRoles(roles)
	t, teamsErr := NormaliseTeams("teams", teams)
	e := StaffMemberRegistered{StaffID: id, Details: d, Roles: r, Teams: t}
	return e, domain.JoinProblems(idErr, detailsErr, rolesErr, teamsErr)
}

func sameRegistration(a, b StaffMemberRegistered) bool {
	return a.StaffID == b.StaffID && a.Details == b.Details &&
		slices.Equal(a.Roles, b.Roles) && slices.Equal(a.Teams, b.Teams)
}

// ChangeRoles decides to give the member exactly roles and teams; it
// records only what differs from now.
func (s *StaffMember) ChangeRoles(roles []Role, teams []string) ([]domain.Event, error) {
	if err := s.changeable(); err != nil {
		return nil, err
	}
	r, rolesErr := NormaliseRoles(roles)
	t, teamsErr := NormaliseTeams("teams", teams)
	if err := domain.JoinProblems(rolesErr, teamsErr); err != nil {
		return nil, err
	}
	var out []domain.Event
	if !slices.Equal(r, s.roles) {
		out = append(out, StaffRolesChanged{StaffID: s.id, Roles: r})
	}
	if !slices.Equal(t, s.teams) {
		out = append(out, StaffTeamsChanged{StaffID: s.id, Teams: t})
	}
	return out, nil
}

// Deactivate decides that the member may no longer sign in; an inactive
// member decides nothing, so a double click is harmless.
func (s *StaffMember) Deactivate() ([]domain.Event, error) {
	if err := s.changeable(); err != nil || s.inactive {
		return nil, err
	}
	return []domain.Event{StaffMemberDeactivated{StaffID: s.id}}, nil
}

// Reactivate decides that a deactivated member may sign in again; an
// active member decides nothing.
func (s *StaffMember) Reactivate() ([]domain.Event, error) {
	if err := s.changeable(); err != nil || !s.inactive {
		return nil, err
	}
	return []domain.Event{StaffMemberReactivated{StaffID: s.id}}, nil
}

// changeable is the first check of every decision on an existing member.
func (s *StaffMember) changeable() error {
	if !s.Exists() {
		return domain.NotFound("there is no such staff member").WithCode("staff.not_found")
	}
	if s.erased {
		return erasedError()
	}
	return nil
}

func erasedError() error {
	return domain.Erased("this staff member's personal data has been erased").WithCode("staff.erased")
}
