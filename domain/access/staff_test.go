package access

import (
	"slices"
	"strings"
	"testing"

	"github.com/klient-crm/klient/domain"
)

func TestRegisterNormalises(t *testing.T) {
	t.Parallel()
	var s StaffMember
	evs, err := s.Register(staffID, anna(), []Role{RoleDPO, RoleLawyer}, []string{"Tvist", " m-and-a "})
	if err != nil || len(evs) != 1 {
		t.Fatalf("Register = %v, %v", evs, err)
	}
	e := evs[0].(StaffMemberRegistered)
	want := StaffDetails{Name: "Anna Advokat", Email: "anna.advokat@byran.se"}
	if e.Details != want || !slices.Equal(e.Roles, []Role{RoleLawyer, RoleDPO}) || !slices.Equal(e.Teams, []string{"m-and-a", "tvist"}) {
		t.Fatalf("registered %+v", e)
	}
	s.Apply(e)
	if !s.Active() || s.Version() != 0 || s.ID() != staffID || s.Details() != want {
		t.Fatalf("state %+v", s)
	}
}

func TestRegisterRetryAndClash(t *testing.T) {
	t.Parallel()
	s := registered(t)
	evs, err := s.Register(staffID, anna(), []Role{RoleLawyer}, []string{"tvist"})
	if err != nil || len(evs) != 0 {
		t.Fatalf("a faithful retry decided %v, %v", types(evs), err)
	}
	evs, err = s.Register(staffID, anna(), []Role{RoleAdmin}, []string{"tvist"})
	refused(t, evs, err, domain.KindConflict, "staff.id.taken")
	s.ApplyErased(StaffMemberDeactivated{StaffID: staffID})
	evs, err = s.Register(staffID, anna(), []Role{RoleLawyer}, []string{"tvist"})
	refused(t, evs, err, domain.KindErased, "staff.erased")
}

func TestRegisterRefusals(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name    string
		id      string
		details StaffDetails
		roles   []Role
		teams   []string
		want    []string
	}{
		{"everything wrong", "", StaffDetails{Name: " ", Email: "anna"}, nil, []string{"Team A"},
			[]string{"staff_id staff.id.required", "name access.text.required", "email staff.email.format", "roles staff.roles.required", "teams[0] access.team.format"}},
		{"id with a slash", "a/b", anna(), []Role{RoleLawyer}, nil, []string{"staff_id staff.id.format"}},
		{"name with a newline", staffID, StaffDetails{Name: "Anna\nAdvokat", Email: "anna@byran.se"}, []Role{RoleLawyer}, nil, []string{"name access.text.control"}},
		{"long name", staffID, StaffDetails{Name: strings.Repeat("a", 101), Email: "anna@byran.se"}, []Role{RoleLawyer}, nil, []string{"name access.text.too_long"}},
		{"display name in e-mail", staffID, StaffDetails{Name: "Anna", Email: "Anna <anna@byran.se>"}, []Role{RoleLawyer}, nil, []string{"email staff.email.format"}},
		{"e-mail without a dot", staffID, StaffDetails{Name: "Anna", Email: "anna@localhost"}, []Role{RoleLawyer}, nil, []string{"email staff.email.format"}},
		{"e-mail with an empty label", staffID, StaffDetails{Name: "Anna", Email: "anna@byran..se"}, []Role{RoleLawyer}, nil, []string{"email staff.email.format"}},
		{"unknown role", staffID, anna(), []Role{"partner"}, nil, []string{"roles[0] staff.roles.unknown"}},
		{"role twice", staffID, anna(), []Role{RoleLawyer, RoleLawyer}, nil, []string{"roles[1] staff.roles.duplicate"}},
		{"team twice", staffID, anna(), []Role{RoleLawyer}, []string{"tvist", "TVIST"}, []string{"teams[1] access.team.duplicate"}},
		{"team with a space", staffID, anna(), []Role{RoleLawyer}, []string{"m and a"}, []string{"teams[0] access.team.format"}},
		{"team leading hyphen", staffID, anna(), []Role{RoleLawyer}, []string{"-x"}, []string{"teams[0] access.team.format"}},
		{"too many teams", staffID, anna(), []Role{RoleLawyer}, make([]string, MaxTeams+1), []string{"teams access.team.too_many"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var s StaffMember
			evs, err := s.Register(c.id, c.details, c.roles, c.teams)
			if len(evs) != 0 || !slices.Equal(fieldsOf(err), c.want) {
				t.Fatalf("got %v, problems %q; want %q", types(evs), fieldsOf(err), c.want)
			}
		})
	}
}

func TestChangeRolesRecordsOnlyWhatDiffers(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name  string
		roles []Role
		teams []string
		want  []string
	}{
		{"same set in another order", []Role{RoleLawyer}, []string{"TVIST"}, nil},
		{"roles only", []Role{RoleLawyer, RoleAdmin}, []string{"tvist"}, []string{TypeStaffRolesChanged}},
		{"teams only", []Role{RoleLawyer}, nil, []string{TypeStaffTeamsChanged}},
		{"both", []Role{RoleAuditor}, []string{"revision"}, []string{TypeStaffRolesChanged, TypeStaffTeamsChanged}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := registered(t)
			evs, err := s.ChangeRoles(c.roles, c.teams)
			if err != nil || !slices.Equal(types(evs), c.want) {
				t.Fatalf("decided %v, %v; want %v", types(evs), err, c.want)
			}
			for _, e := range evs {
				s.Apply(e)
			}
			if r, _ := NormaliseRoles(c.roles); !slices.Equal(s.Roles(), r) {
				t.Fatalf("roles %v after %v", s.Roles(), c.roles)
			}
		})
	}
}

func TestChangeRolesRefusals(t *testing.T) {
	t.Parallel()
	var nobody StaffMember
	evs, err := nobody.ChangeRoles([]Role{RoleLawyer}, nil)
	refused(t, evs, err, domain.KindNotFound, "staff.not_found")
	s := registered(t)
	evs, err = s.ChangeRoles(nil, nil)
	refused(t, evs, err, domain.KindInvalid, "staff.roles.required")
}

func TestDeactivateAndReactivateAreIdempotent(t *testing.T) {
	t.Parallel()
	s := registered(t)
	evs, err := s.Reactivate()
	if err != nil || len(evs) != 0 {
		t.Fatalf("reactivating an active member decided %v, %v", types(evs), err)
	}
	evs, err = s.Deactivate()
	if err != nil || !slices.Equal(types(evs), []string{TypeStaffMemberDeactivated}) {
		t.Fatalf("Deactivate = %v, %v", types(evs), err)
	}
	s.Apply(evs[0])
	if evs, err = s.Deactivate(); err != nil || len(evs) != 0 || s.Active() {
		t.Fatalf("deactivating twice decided %v, %v (active %t)", types(evs), err, s.Active())
	}
	evs, err = s.Reactivate()
	if err != nil || !slices.Equal(types(evs), []string{TypeStaffMemberReactivated}) {
		t.Fatalf("Reactivate = %v, %v", types(evs), err)
	}
	var nobody StaffMember
	evs, err = nobody.Deactivate()
	refused(t, evs, err, domain.KindNotFound, "staff.not_found")
}
