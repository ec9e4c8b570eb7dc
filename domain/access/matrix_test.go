package access

import "testing"

func TestEveryRoleHasARowAndEveryActionARole(t *testing.T) {
	for _, r := range Roles {
		if len(matrix[r]) == 0 {
			t.Errorf("role %s has no row in the matrix", r)
		}
	}
	for _, a := range Actions {
		held := false
		for _, r := range Roles {
			held = held || Allows([]Role{r}, a)
		}
		if !held {
			t.Errorf("no role may %s", a)
		}
	}
	for r, acts := range matrix {
		for _, a := range acts {
			if !contains(Actions, a) {
				t.Errorf("role %s holds unlisted action %s", r, a)
			}
		}
	}
}

func TestAllows(t *testing.T) {
	cases := []struct {
		roles  []Role
		action Action
		want   bool
	}{
		{[]Role{RoleAnalyst}, ContactView, false},
		{[]Role{RoleAnalyst}, ReportView, true},
		{[]Role{RoleAuditor}, ContactEdit, false},
		{[]Role{RoleAssistant}, ContactArchive, false},
		{[]Role{RoleAssistant, RoleLawyer}, ContactArchive, true},
		{nil, SelfService, false},
	}
	for _, c := range cases {
		if got := Allows(c.roles, c.action); got != c.want {
			t.Errorf("Allows(%v, %s) = %t, want %t", c.roles, c.action, got, c.want)
		}
	}
}

func contains(as []Action, a Action) bool {
	for _, x := range as {
		if x == a {
			return true
		}
	}
	return false
}
