package staff_test

import (
	"bytes"
	"context"
	"slices"
	"testing"

	"github.com/google/uuid"

	staffcmd "github.com/klient-crm/klient/commands/staff"
	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/access"
)

func TestRegisterStaffMemberSealsAndRecords(t *testing.T) {
	t.Parallel()
	w := newAccessWorld(t)
	h, err := staffcmd.NewRegisterStaffMemberHandler(w.staff)
	must(t, err)
	cmd := staffcmd.RegisterStaffMember{Actor: staff, StaffID: uuid.NewString(), Details: annaAdvokat(),
		Roles: []access.Role{access.RoleLawyer}, Teams: []string{"tvist"}}
	res, err := h.Handle(context.Background(), cmd)
	must(t, err)
	envs := w.stream(t, access.StaffStreamName(res.StaffID))
	if len(envs) != 1 || envs[0].Type != access.TypeStaffMemberRegistered || res.StaffID != cmd.StaffID {
		t.Fatalf("result %+v, stream %v", res, w.types(t, access.StaffStreamName(res.StaffID)))
	}
	if res.Version != 0 || res.Position != envs[0].Position || envs[0].Metadata.Actor != staff.ID {
		t.Fatalf("result %+v, event %+v", res, envs[0])
	}
	for _, clear := range []string{"Anna", "Advokat", "byran"} {
		if bytes.Contains(bytes.ToLower(envs[0].Data), bytes.ToLower([]byte(clear))) {
			t.Fatalf("personal data stored in the clear: %s", envs[0].Data)
		}
	}
	d, err := w.codec.Decode(context.Background(), envs[0])
	must(t, err)
	if got := d.Event.(access.StaffMemberRegistered).Details.Email; got != "anna.advokat@byran.se" {
		t.Fatalf("e-mail stored as %q", got)
	}
	again, err := h.Handle(context.Background(), cmd)
	must(t, err)
	if again != res {
		t.Fatalf("a resent registration answered %+v, first %+v", again, res)
	}
}

func TestRegisterRefusesATakenAddress(t *testing.T) {
	t.Parallel()
	w := newAccessWorld(t)
	anna := w.registerStaff(t, annaAdvokat(), []access.Role{access.RoleLawyer})
	w.caughtUp(t, anna.Position)
	h, err := staffcmd.NewRegisterStaffMemberHandler(w.staff)
	must(t, err)
	other := uuid.NewString()
	_, err = h.Handle(context.Background(), staffcmd.RegisterStaffMember{Actor: staff, StaffID: other,
		Details: access.StaffDetails{Name: "Anna Andersson", Email: "ANNA.ADVOKAT@byran.se"}, Roles: []access.Role{access.RoleAssistant}})
	refusedWith(t, err, domain.KindInvalid, "staff.email.taken")
	if got := w.types(t, access.StaffStreamName(other)); len(got) != 0 {
		t.Fatalf("a refused registration wrote %v", got)
	}
	// Anna's own registration, resent after the projection saw it, is not
	// refused over her own address.
	again, err := h.Handle(context.Background(), staffcmd.RegisterStaffMember{Actor: staff, StaffID: anna.StaffID,
		Details: annaAdvokat(), Roles: []access.Role{access.RoleLawyer}})
	must(t, err)
	if again != anna {
		t.Fatalf("resent registration answered %+v, first %+v", again, anna)
	}
}

func TestRegisterStaffWithBadInputWritesNothing(t *testing.T) {
	t.Parallel()
	w := newAccessWorld(t)
	h, err := staffcmd.NewRegisterStaffMemberHandler(w.staff)
	must(t, err)
	id := uuid.NewString()
	_, err = h.Handle(context.Background(), staffcmd.RegisterStaffMember{Actor: staff, StaffID: id,
		Details: access.StaffDetails{Name: "Anna", Email: "anna@"}, Roles: []access.Role{"partner"}, Teams: []string{"Team A"}})
	refusedWith(t, err, domain.KindInvalid, "staff.email.format")
	if got := problems(err); !slices.Equal(got, []string{"email", "roles[0]", "teams[0]"}) {
		t.Fatalf("problems %v", got)
	}
	_, err = h.Handle(context.Background(), staffcmd.RegisterStaffMember{Actor: staff, StaffID: "anna", Details: annaAdvokat(),
		Roles: []access.Role{access.RoleLawyer}})
	refusedWith(t, err, domain.KindInvalid, "staff.id.format")
	_, err = h.Handle(context.Background(), staffcmd.RegisterStaffMember{StaffID: id, Details: annaAdvokat(),
		Roles: []access.Role{access.RoleLawyer}})
	refusedWith(t, err, domain.KindForbidden, "auth.actor_required")
	if got := w.types(t, access.StaffStreamName(id)); len(got) != 0 {
		t.Fatalf("stream %v, want nothing written", got)
	}
}
