package staff_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/klient-crm/klient/domain/access"
	"github.com/klient-crm/klient/projections/staff"
)

func TestWalledTargetsByIDAndByTeam(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	clientA := access.Target{Kind: access.TargetContact, ID: newID()}
	clientB := access.Target{Kind: access.TargetContact, ID: newID()}
	matter := access.Target{Kind: access.TargetMatter, ID: newID()}
	anna := w.register("Anna Advokat", "anna@byran.se", []access.Role{access.RoleAdmin}, "tvist")
	bo := w.register("Bo Biträde", "bo@byran.se", []access.Role{access.RoleAssistant}, "m-and-a")
	byID := w.erect(clientA, []string{anna}, nil)
	w.erect(matter, nil, []string{"tvist"})
	lifted := w.erect(clientB, []string{anna, bo}, nil)
	w.Write(access.WallStreamName(lifted), access.WallLifted{WallID: lifted})
	w.Run()
	w.caughtUp()

	annaSees := viewer(t, w, anna)
	if got := walled(t, w, annaSees); !slices.Equal(got, sorted(clientA, matter)) {
		t.Fatalf("Anna (by ID and by team tvist) is walled off %v, want %v", got, sorted(clientA, matter))
	}
	if got := walled(t, w, viewer(t, w, bo)); len(got) != 0 {
		t.Fatalf("Bo (named only on a lifted wall) is walled off %v", got)
	}
	if got := walled(t, w, access.Viewer{StaffID: "someone", Teams: []string{"tvist"}}); !slices.Equal(got, []access.Target{matter}) {
		t.Fatalf("a member of tvist is walled off %v", got)
	}
	active, err := staff.ActiveWalls(context.Background(), w.Pool)
	must(t, err)
	if len(active) != 2 || active[0].ID != byID || active[0].ErectedBy != "admin-1" || !strings.HasPrefix(active[0].Reason, "conflict:") {
		t.Fatalf("ActiveWalls = %+v", active)
	}
	views := []access.WallView{active[0].View(), active[1].View()}
	if !access.Walled(annaSees, clientA, views) || access.Walled(annaSees, clientB, views) {
		t.Fatal("the read model's walls and the policy disagree")
	}

	w.Write(access.WallStreamName(byID), access.WallLifted{WallID: byID})
	w.caughtUp()
	if got := walled(t, w, annaSees); !slices.Equal(got, []access.Target{matter}) {
		t.Fatalf("after lifting the wall that named her, Anna is walled off %v", got)
	}
}

// WalledTargets is one query that the GIN indexes can serve. Sequential
// scans are ruled out because a test's table is small enough for the
// planner to prefer them; what matters is that the indexes fit the query.
func TestWalledTargetsUsesTheIndexes(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	w.Run()
	w.caughtUp()
	ctx := context.Background()
	tx, err := w.Pool.Begin(ctx)
	must(t, err)
	defer func() { _ = tx.Rollback(ctx) }()
	_, err = tx.Exec(ctx, "SET LOCAL enable_seqscan = off")
	must(t, err)
	rows, err := tx.Query(ctx, "EXPLAIN "+staff.WalledTargetsSQL, "anna", []string{"tvist"})
	must(t, err)
	var plan strings.Builder
	for rows.Next() {
		var line string
		must(t, rows.Scan(&line))
		plan.WriteString(line + "\n")
	}
	must(t, rows.Err())
	for _, index := range []string{"walls_v1_users", "walls_v1_teams"} {
		if !strings.Contains(plan.String(), index) {
			t.Fatalf("the plan does not use %s:\n%s", index, plan.String())
		}
	}
}

func viewer(t *testing.T, w *world, id string) access.Viewer {
	t.Helper()
	m, err := staff.Get(context.Background(), w.Pool, id)
	must(t, err)
	return m.Viewer()
}

func walled(t *testing.T, w *world, v access.Viewer) []access.Target {
	t.Helper()
	got, err := staff.WalledTargets(context.Background(), w.Pool, v)
	must(t, err)
	return got
}

func sorted(ts ...access.Target) []access.Target {
	slices.SortFunc(ts, func(a, b access.Target) int {
		return strings.Compare(string(a.Kind)+a.ID, string(b.Kind)+b.ID)
	})
	return ts
}
