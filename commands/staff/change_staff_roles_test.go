package staff_test

import (
	"context"
	"slices"
	"testing"

	"github.com/google/uuid"

	"github.com/klient-crm/klient/commands/journal"
	staffcmd "github.com/klient-crm/klient/commands/staff"
	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/access"
)

func TestChangeStaffRoles(t *testing.T) {
	t.Parallel()
	w := newAccessWorld(t)
	anna := w.registerStaff(t, annaAdvokat(), []access.Role{access.RoleLawyer}, "tvist")
	h, err := staffcmd.NewChangeStaffRolesHandler(w.staff)
	must(t, err)
	ctx := context.Background()
	cmd := staffcmd.ChangeStaffRoles{Actor: staff, StaffID: anna.StaffID, ExpectedVersion: anna.Version,
		Roles: []access.Role{access.RoleLawyer, access.RoleAdmin}, Teams: nil}
	res, err := h.Handle(ctx, cmd)
	must(t, err)
	if res.Version != 2 || !anna.Position.Less(res.Position) {
		t.Fatalf("result %+v after %+v", res, anna)
	}
	want := []string{access.TypeStaffMemberRegistered, access.TypeStaffRolesChanged, access.TypeStaffTeamsChanged}
	if got := w.types(t, access.StaffStreamName(anna.StaffID)); !slices.Equal(got, want) {
		t.Fatalf("stream %v, want %v", got, want)
	}
	// A colleague still looking at version 0.
	_, err = h.Handle(ctx, cmd)
	refusedWith(t, err, domain.KindConflict, "staff.changed_meanwhile")
	cmd.ExpectedVersion = res.Version
	same, err := h.Handle(ctx, cmd)
	must(t, err)
	if same != res {
		t.Fatalf("the same roles answered %+v, want %+v", same, res)
	}
}

func TestChangeStaffRolesRefusals(t *testing.T) {
	t.Parallel()
	w := newAccessWorld(t)
	anna := w.registerStaff(t, annaAdvokat(), []access.Role{access.RoleLawyer})
	h, err := staffcmd.NewChangeStaffRolesHandler(w.staff)
	must(t, err)
	ctx := context.Background()
	_, err = h.Handle(ctx, staffcmd.ChangeStaffRoles{Actor: staff, StaffID: anna.StaffID})
	refusedWith(t, err, domain.KindInvalid, "staff.roles.required")
	for _, id := range []string{uuid.NewString(), "anna"} {
		_, err = h.Handle(ctx, staffcmd.ChangeStaffRoles{Actor: staff, StaffID: id, Roles: []access.Role{access.RoleAdmin}})
		refusedWith(t, err, domain.KindNotFound, "staff.not_found")
	}
	_, err = h.Handle(ctx, staffcmd.ChangeStaffRoles{StaffID: anna.StaffID, Roles: []access.Role{access.RoleAdmin}})
	refusedWith(t, err, domain.KindForbidden, "auth.actor_required")
	_, err = w.keyring.Shred(ctx, anna.StaffID)
	must(t, err)
	_, err = h.Handle(ctx, staffcmd.ChangeStaffRoles{Actor: staff, StaffID: anna.StaffID, Roles: []access.Role{access.RoleAdmin}})
	refusedWith(t, err, domain.KindErased, "staff.erased")
	if got := w.types(t, access.StaffStreamName(anna.StaffID)); len(got) != 1 {
		t.Fatalf("stream %v, want only the registration", got)
	}
}

func TestDeactivateAndReactivateStaff(t *testing.T) {
	t.Parallel()
	w := newAccessWorld(t)
	anna := w.registerStaff(t, annaAdvokat(), []access.Role{access.RoleLawyer})
	h, err := staffcmd.NewStaffActivationHandler(w.staff)
	must(t, err)
	ctx := context.Background()
	off, err := h.HandleDeactivate(ctx, staffcmd.DeactivateStaffMember{Actor: staff, StaffID: anna.StaffID})
	must(t, err)
	again, err := h.HandleDeactivate(ctx, staffcmd.DeactivateStaffMember{Actor: staff, StaffID: anna.StaffID, ExpectedVersion: off.Version})
	must(t, err)
	if off.Version != 1 || again != off {
		t.Fatalf("deactivating twice answered %+v, then %+v", off, again)
	}
	on, err := h.HandleReactivate(ctx, staffcmd.ReactivateStaffMember{Actor: staff, StaffID: anna.StaffID, ExpectedVersion: off.Version})
	must(t, err)
	want := []string{access.TypeStaffMemberRegistered, access.TypeStaffMemberDeactivated, access.TypeStaffMemberReactivated}
	if got := w.types(t, access.StaffStreamName(anna.StaffID)); on.Version != 2 || !slices.Equal(got, want) {
		t.Fatalf("result %+v, stream %v", on, got)
	}
	self := journal.Actor{ID: anna.StaffID, CorrelationID: "req-self"}
	_, err = h.HandleDeactivate(ctx, staffcmd.DeactivateStaffMember{Actor: self, StaffID: anna.StaffID, ExpectedVersion: on.Version})
	refusedWith(t, err, domain.KindForbidden, "staff.deactivate.self")
	w.caughtUp(t, on.Position)
}

func TestStaffAndWallConstructorsRefuseNil(t *testing.T) {
	t.Parallel()
	if _, err := staffcmd.NewStaff(nil, nil, nil, nil); err == nil {
		t.Error("NewStaff accepted nil dependencies")
	}
	if _, err := staffcmd.NewWalls(nil, nil, nil); err == nil {
		t.Error("NewWalls accepted nil dependencies")
	}
	constructors := map[string]func() error{
		"register staff": func() error { _, err := staffcmd.NewRegisterStaffMemberHandler(nil); return err },
		"change roles":   func() error { _, err := staffcmd.NewChangeStaffRolesHandler(nil); return err },
		"activation":     func() error { _, err := staffcmd.NewStaffActivationHandler(nil); return err },
		"erect wall":     func() error { _, err := staffcmd.NewErectWallHandler(nil); return err },
		"lift wall":      func() error { _, err := staffcmd.NewLiftWallHandler(nil); return err },
	}
	for name, construct := range constructors {
		if construct() == nil {
			t.Errorf("%s: constructor accepted a nil repository", name)
		}
	}
}
