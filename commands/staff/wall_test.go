package staff_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/google/uuid"

	staffcmd "github.com/klient-crm/klient/commands/staff"
	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/access"
	staffmodel "github.com/klient-crm/klient/projections/staff"
)

const conflictReason = "conflict: counterparty in matter 2026-0042"

func TestErectAndLiftWall(t *testing.T) {
	t.Parallel()
	w := newAccessWorld(t)
	anna := w.registerStaff(t, annaAdvokat(), []access.Role{access.RoleAdmin})
	erect, err := staffcmd.NewErectWallHandler(w.walls)
	must(t, err)
	lift, err := staffcmd.NewLiftWallHandler(w.walls)
	must(t, err)
	ctx := context.Background()
	client := uuid.NewString()
	cmd := staffcmd.ErectWall{Actor: staff, WallID: uuid.NewString(), Reason: conflictReason,
		Target: access.Target{Kind: access.TargetContact, ID: strings.ToUpper(client)},
		Users:  []string{strings.ToUpper(anna.StaffID)}, Teams: []string{"tvist"}}
	up, err := erect.Handle(ctx, cmd)
	must(t, err)
	again, err := erect.Handle(ctx, cmd)
	must(t, err)
	if again != up || up.Version != 0 {
		t.Fatalf("a resent erection answered %+v, first %+v", again, up)
	}
	w.caughtUp(t, up.Position)
	annaSees := access.Viewer{StaffID: anna.StaffID}
	want := []access.Target{{Kind: access.TargetContact, ID: client}}
	if got, err := staffmodel.WalledTargets(ctx, w.pool, annaSees); err != nil || !slices.Equal(got, want) {
		t.Fatalf("Anna is walled off %v, %v; want %v (IDs in canonical form)", got, err, want)
	}

	down, err := lift.Handle(ctx, staffcmd.LiftWall{Actor: staff, WallID: up.WallID, ExpectedVersion: up.Version})
	must(t, err)
	same, err := lift.Handle(ctx, staffcmd.LiftWall{Actor: staff, WallID: up.WallID, ExpectedVersion: down.Version})
	must(t, err)
	if down.Version != 1 || same != down {
		t.Fatalf("lifting twice answered %+v, then %+v", down, same)
	}
	_, err = lift.Handle(ctx, staffcmd.LiftWall{Actor: staff, WallID: up.WallID, ExpectedVersion: up.Version})
	refusedWith(t, err, domain.KindConflict, "wall.changed_meanwhile")
	w.caughtUp(t, down.Position)
	if got, err := staffmodel.WalledTargets(ctx, w.pool, annaSees); err != nil || len(got) != 0 {
		t.Fatalf("after the lift Anna is walled off %v, %v", got, err)
	}
	if got := w.types(t, access.WallStreamName(up.WallID)); !slices.Equal(got, []string{access.TypeWallErected, access.TypeWallLifted}) {
		t.Fatalf("stream %v", got)
	}
}

func TestWallWithBadInputWritesNothing(t *testing.T) {
	t.Parallel()
	w := newAccessWorld(t)
	erect, err := staffcmd.NewErectWallHandler(w.walls)
	must(t, err)
	lift, err := staffcmd.NewLiftWallHandler(w.walls)
	must(t, err)
	ctx := context.Background()
	id := uuid.NewString()
	target := access.Target{Kind: access.TargetMatter, ID: uuid.NewString()}
	_, err = erect.Handle(ctx, staffcmd.ErectWall{Actor: staff, WallID: id, Target: target, Reason: "conflict\nsee file"})
	refusedWith(t, err, domain.KindInvalid, "wall.members.required")
	if got := problems(err); !slices.Equal(got, []string{"users", "reason"}) {
		t.Fatalf("problems %v", got)
	}
	_, err = erect.Handle(ctx, staffcmd.ErectWall{Actor: staff, WallID: "wall-1", Target: target, Teams: []string{"tvist"}, Reason: conflictReason})
	refusedWith(t, err, domain.KindInvalid, "wall.id.format")
	_, err = erect.Handle(ctx, staffcmd.ErectWall{WallID: id, Target: target, Teams: []string{"tvist"}, Reason: conflictReason})
	refusedWith(t, err, domain.KindForbidden, "auth.actor_required")
	_, err = lift.Handle(ctx, staffcmd.LiftWall{Actor: staff, WallID: id})
	refusedWith(t, err, domain.KindNotFound, "wall.not_found")
	if got := w.types(t, access.WallStreamName(id)); len(got) != 0 {
		t.Fatalf("stream %v, want nothing written", got)
	}
}
