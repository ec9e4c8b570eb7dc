package matters_test

import (
	"context"
	"slices"
	"testing"

	"github.com/klient-crm/klient/domain/access"
	"github.com/klient-crm/klient/domain/matter"
	"github.com/klient-crm/klient/projections/matters"
)

func TestListShowsOnlyWhatTheViewerMaySee(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	walledClient := newID()
	mine := w.open("2026-0001", "Mitt", map[string]matter.PartyRole{newID(): matter.RoleClient})
	team := w.open("2026-0002", "Teamets", map[string]matter.PartyRole{newID(): matter.RoleClient})
	granted := w.open("2026-0003", "Beviljat", map[string]matter.PartyRole{newID(): matter.RoleClient})
	walled := w.open("2026-0004", "Bakom mur", map[string]matter.PartyRole{newID(): matter.RoleClient})
	behindClient := w.open("2026-0005", "Klient bakom mur", map[string]matter.PartyRole{walledClient: matter.RoleClient})
	other := w.open("2026-0006", "Annans", map[string]matter.PartyRole{newID(): matter.RoleClient})
	w.Write(matter.StreamName(mine), matter.ResponsibleLawyerAssigned{MatterID: mine, StaffID: "me"}, matter.MatterClosed{MatterID: mine})
	w.Write(matter.StreamName(team), matter.TeamChanged{MatterID: team, Teams: []string{"tvist"}})
	w.Write(matter.StreamName(granted), matter.AccessGranted{MatterID: granted, StaffID: "me"})
	w.Write(matter.StreamName(walled), matter.TeamChanged{MatterID: walled, Members: []string{"me"}})
	w.Write(matter.StreamName(behindClient), matter.TeamChanged{MatterID: behindClient, Members: []string{"me"}})
	w.caughtUp()
	ctx := context.Background()
	me := access.Viewer{StaffID: "me", Teams: []string{"tvist"}}
	walls := []access.Target{{Kind: access.TargetMatter, ID: walled}, {Kind: access.TargetContact, ID: walledClient}}

	cases := []struct {
		name   string
		filter matters.Filter
		want   []string
	}{
		{"need to know", matters.Filter{Viewer: me, WalledTargets: walls}, []string{"2026-0003", "2026-0002", "2026-0001"}},
		{"no walls", matters.Filter{Viewer: me}, []string{"2026-0005", "2026-0004", "2026-0003", "2026-0002", "2026-0001"}},
		{"status", matters.Filter{Viewer: me, Status: matter.StatusClosed}, []string{"2026-0001"}},
		{"responsible", matters.Filter{Viewer: me, ResponsibleLawyer: "lawyer-1"}, []string{"2026-0005", "2026-0004", "2026-0003", "2026-0002"}},
		{"practice area", matters.Filter{Viewer: me, PracticeArea: "arbetsrätt"}, nil},
		{"nobody", matters.Filter{}, nil},
		{"number typed", matters.Filter{Viewer: me, Query: "2026-000"}, []string{"2026-0005", "2026-0004", "2026-0003", "2026-0002", "2026-0001"}},
		{"title typed", matters.Filter{Everyone: true, WalledTargets: walls, Query: "aNNANS"}, []string{"2026-0006"}},
		{"a wildcard typed is a character", matters.Filter{Everyone: true, Query: "%"}, nil},
		{"everyone but walls", matters.Filter{Everyone: true, Viewer: me, WalledTargets: walls, Limit: 2, Offset: 1},
			[]string{"2026-0003", "2026-0002"}},
	}
	for _, c := range cases {
		got, err := matters.List(ctx, w.Pool, c.filter)
		must(t, err)
		if numbers := numbersOf(got); !slices.Equal(numbers, c.want) {
			t.Errorf("%s: %v, want %v", c.name, numbers, c.want)
		}
	}
	for id, want := range map[string]bool{mine: true, team: true, granted: true, other: false, newID(): false} {
		if got, err := matters.VisibleTo(ctx, w.Pool, id, me); err != nil || got != want {
			t.Errorf("VisibleTo(%s) = %v, %v", id, got, err)
		}
	}
	ofClient, err := matters.MattersOfContact(ctx, w.Pool, walledClient)
	must(t, err)
	if len(ofClient) != 1 || ofClient[0].ID != behindClient || ofClient[0].Role != matter.RoleClient || !ofClient[0].VisibleTo(me) {
		t.Fatalf("MattersOfContact = %+v", ofClient)
	}
}

func numbersOf(ms []matters.Matter) []string {
	var out []string
	for _, m := range ms {
		out = append(out, m.Number)
	}
	return out
}
