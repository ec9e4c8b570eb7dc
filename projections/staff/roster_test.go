package staff_test

import (
	"context"
	"testing"

	"github.com/klient-crm/klient/domain/access"
	"github.com/klient-crm/klient/projections/staff"
)

// Work is handed only to active members and to teams someone belongs to.
func TestRosterKnowsActiveMembersAndTeams(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	active := w.register("Aktiv Advokat", "aktiv@byran.se", []access.Role{access.RoleLawyer}, "tvist")
	gone := w.register("Slutad Jurist", "slutad@byran.se", []access.Role{access.RoleLawyer})
	w.Write(access.StaffStreamName(gone), access.StaffMemberDeactivated{StaffID: gone})
	w.Run()
	w.caughtUp()
	ctx := context.Background()
	roster := staff.NewRoster(w.Pool)
	cases := []struct {
		id   string
		want bool
	}{{active, true}, {gone, false}, {newID(), false}}
	for _, c := range cases {
		got, err := roster.ActiveStaff(ctx, c.id)
		must(t, err)
		if got != c.want {
			t.Errorf("ActiveStaff(%s) = %t, want %t", c.id, got, c.want)
		}
	}
	for team, want := range map[string]bool{"tvist": true, "okänt": false} {
		got, err := roster.KnownTeam(ctx, team)
		must(t, err)
		if got != want {
			t.Errorf("KnownTeam(%s) = %t, want %t", team, got, want)
		}
	}
}
