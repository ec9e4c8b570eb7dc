package access

import "testing"

func TestWalled(t *testing.T) {
	t.Parallel()
	client := Target{Kind: TargetContact, ID: "c-1"}
	matter := Target{Kind: TargetMatter, ID: "c-1"} // same ID, other kind
	byUser := WallView{Target: client, Users: []string{"anna"}, Active: true}
	byTeam := WallView{Target: client, Teams: []string{"tvist"}, Active: true}
	lifted := WallView{Target: client, Users: []string{"anna"}, Teams: []string{"tvist"}}
	anna := Viewer{StaffID: "anna"}
	bo := Viewer{StaffID: "bo", Teams: []string{"m-and-a", "tvist"}}
	cases := []struct {
		name   string
		viewer Viewer
		target Target
		walls  []WallView
		want   bool
	}{
		{"named user", anna, client, []WallView{byUser}, true},
		{"member of a named team", bo, client, []WallView{byTeam}, true},
		{"someone else", Viewer{StaffID: "cecilia", Teams: []string{"m-and-a"}}, client, []WallView{byUser, byTeam}, false},
		{"lifted wall", anna, client, []WallView{lifted}, false},
		{"lifted wall, team member", bo, client, []WallView{lifted}, false},
		{"other target", anna, Target{Kind: TargetContact, ID: "c-2"}, []WallView{byUser}, false},
		{"same ID, other kind", anna, matter, []WallView{byUser}, false},
		{"no walls", anna, client, nil, false},
		{"one of several walls applies", bo, client, []WallView{lifted, byUser, byTeam}, true},
		{"empty viewer matches no empty entry", Viewer{}, client, []WallView{{Target: client, Users: []string{""}, Active: true}}, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := Walled(c.viewer, c.target, c.walls); got != c.want {
				t.Fatalf("Walled = %t, want %t", got, c.want)
			}
		})
	}
}

// A wall beats every role: an admin holding every action is still walled.
func TestWallOverridesRoles(t *testing.T) {
	t.Parallel()
	admin := Viewer{StaffID: "admin-1"}
	if !Allows([]Role{RoleAdmin, RoleLawyer}, ContactView) {
		t.Fatal("the matrix no longer lets an admin lawyer view contacts")
	}
	wall := WallView{Target: Target{Kind: TargetContact, ID: "c-1"}, Users: []string{"admin-1"}, Active: true}
	if !Walled(admin, wall.Target, []WallView{wall}) {
		t.Fatal("an admin passed a wall that names them")
	}
}
