package access

import (
	"slices"
	"strings"
	"testing"

	"github.com/klient-crm/klient/domain"
)

var walledClient = Target{Kind: TargetContact, ID: clientA}

const reason = "conflict: counterparty in matter 2026-0042"

func TestErectAndLift(t *testing.T) {
	t.Parallel()
	var w Wall
	evs, err := w.Erect(wallID, walledClient, []string{"staff-b", "staff-a"}, []string{"Tvist"}, " "+reason+" ")
	if err != nil || len(evs) != 1 {
		t.Fatalf("Erect = %v, %v", types(evs), err)
	}
	e := evs[0].(WallErected)
	if !slices.Equal(e.Users, []string{"staff-a", "staff-b"}) || !slices.Equal(e.Teams, []string{"tvist"}) || e.Reason != reason {
		t.Fatalf("erected %+v", e)
	}
	w.Apply(e)
	if again, err := w.Erect(wallID, walledClient, []string{"staff-a", "staff-b"}, []string{"tvist"}, reason); err != nil || len(again) != 0 {
		t.Fatalf("a faithful retry decided %v, %v", types(again), err)
	}
	clash, err := w.Erect(wallID, walledClient, []string{"staff-c"}, nil, reason)
	refused(t, clash, err, domain.KindConflict, "wall.id.taken")
	if !w.View().Active || w.Reason() != reason {
		t.Fatalf("view %+v", w.View())
	}
	lift, err := w.Lift()
	if err != nil || !slices.Equal(types(lift), []string{TypeWallLifted}) {
		t.Fatalf("Lift = %v, %v", types(lift), err)
	}
	w.Apply(lift[0])
	if again, err := w.Lift(); err != nil || len(again) != 0 || w.Active() || w.Version() != 1 {
		t.Fatalf("lifting twice decided %v, %v; active %t", types(again), err, w.Active())
	}
	var none Wall
	evs, err = none.Lift()
	refused(t, evs, err, domain.KindNotFound, "wall.not_found")
}

func TestErectRefusals(t *testing.T) {
	t.Parallel()
	users := []string{"staff-a"}
	cases := []struct {
		name   string
		id     string
		target Target
		users  []string
		teams  []string
		reason string
		want   []string
	}{
		{"everything wrong", "", Target{Kind: "client"}, nil, nil, "",
			[]string{"wall_id wall.id.required", "target.kind wall.target.kind", "users wall.members.required", "reason access.text.required"}},
		{"bad id", "wall 1", walledClient, users, nil, reason, []string{"wall_id wall.id.format"}},
		{"no target id", wallID, Target{Kind: TargetMatter}, users, nil, reason, []string{"target.id wall.target.id"}},
		{"user twice", wallID, walledClient, []string{"staff-a", "staff-a"}, nil, reason, []string{"users[1] wall.user.duplicate"}},
		{"user not an ID", wallID, walledClient, []string{"Anna Advokat"}, nil, reason, []string{"users[0] wall.user.format"}},
		{"bad team", wallID, walledClient, nil, []string{"m&a"}, reason, []string{"teams[0] access.team.format"}},
		{"reason on two lines", wallID, walledClient, users, nil, "conflict\nsee matter", []string{"reason access.text.control"}},
		{"reason with a bidi override", wallID, walledClient, users, nil, "conflict \u202e", []string{"reason access.text.control"}},
		{"long reason", wallID, walledClient, users, nil, strings.Repeat("x", maxReasonLength+1), []string{"reason access.text.too_long"}},
		{"too many members", wallID, walledClient, manyUsers(MaxWallMembers + 1), nil, reason, []string{"users wall.members.too_many"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var w Wall
			evs, err := w.Erect(c.id, c.target, c.users, c.teams, c.reason)
			if len(evs) != 0 || !slices.Equal(fieldsOf(err), c.want) {
				t.Fatalf("got %v, problems %q; want %q", types(evs), fieldsOf(err), c.want)
			}
		})
	}
}

func manyUsers(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = "staff-" + strings.Repeat("x", i%50+1) + string(rune('a'+i%26))
	}
	return out
}
