package staff_test

import (
	"context"
	"errors"
	"slices"
	"testing"

	staffcmd "github.com/klient-crm/klient/commands/staff"
	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/access"
	"github.com/klient-crm/klient/projections/staff"
)

var _ staffcmd.StaffDirectory = staff.Directory{}

func TestMembersFollowTheirEvents(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	anna := w.register("Anna Advokat", "anna@byran.se", []access.Role{access.RoleLawyer}, "tvist")
	asa := w.register("Åsa Assistent", "asa@byran.se", []access.Role{access.RoleAssistant}, "m-and-a", "tvist")
	orjan := w.register("Örjan Ordförande", "orjan@byran.se", []access.Role{access.RoleAdmin})
	w.Write(access.StaffStreamName(anna),
		access.StaffRolesChanged{StaffID: anna, Roles: []access.Role{access.RoleAdmin, access.RoleLawyer}},
		access.StaffTeamsChanged{StaffID: anna, Teams: []string{"m-and-a"}},
		access.StaffMemberDeactivated{StaffID: anna})
	w.Run()
	w.caughtUp()
	ctx := context.Background()

	m, err := staff.Get(ctx, w.Pool, anna)
	must(t, err)
	if m.Name != "Anna Advokat" || m.Active || m.Version != 3 || !slices.Equal(m.Teams, []string{"m-and-a"}) ||
		!slices.Equal(m.Roles, []access.Role{access.RoleAdmin, access.RoleLawyer}) || m.CreatedAt.IsZero() {
		t.Fatalf("Get = %+v", m)
	}
	byMail, found, err := staff.ByEmail(ctx, w.Pool, " ANNA@Byran.se ")
	must(t, err)
	if !found || byMail.ID != anna {
		t.Fatalf("ByEmail found %t, %+v", found, byMail)
	}
	if _, found, _ := staff.ByEmail(ctx, w.Pool, "nobody@byran.se"); found {
		t.Fatal("ByEmail found an unknown address")
	}
	all, err := staff.List(ctx, w.Pool)
	must(t, err)
	if got := ids(all); !slices.Equal(got, []string{anna, asa, orjan}) { // Swedish order: Å before Ö, both after A
		t.Fatalf("List order %v", got)
	}
	teams, err := staff.Teams(ctx, w.Pool)
	must(t, err)
	if !slices.Equal(teams, []string{"m-and-a", "tvist"}) {
		t.Fatalf("Teams = %v", teams)
	}
	_, err = staff.Get(ctx, w.Pool, newID())
	var de *domain.Error
	if !errors.As(err, &de) || de.Kind != domain.KindNotFound || de.Code != "staff.not_found" {
		t.Fatalf("Get of an unknown ID = %v", err)
	}
}

// Two registrations of one address that raced past the commands' check
// must not stop the projector: the first keeps the address as its sign-in
// name, the second is listed but cannot sign in by it.
func TestDuplicateAddressNeverStopsTheProjector(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	first := w.register("Anna Advokat", "anna@byran.se", []access.Role{access.RoleLawyer})
	second := w.register("Anna Andersson", "Anna@Byran.se", []access.Role{access.RoleLawyer})
	w.Run()
	w.caughtUp()
	id, found, err := staff.NewDirectory(w.Pool).StaffIDByEmail(context.Background(), "anna@byran.se")
	must(t, err)
	if !found || id != first {
		t.Fatalf("the address belongs to %q (found %t), want the first registration %q", id, found, first)
	}
	m, err := staff.Get(context.Background(), w.Pool, second)
	must(t, err)
	if m.Email != "anna@byran.se" {
		t.Fatalf("second member %+v", m)
	}
}

func ids(ms []staff.Member) []string {
	out := make([]string, len(ms))
	for i, m := range ms {
		out[i] = m.ID
	}
	return out
}

// The projector claims only the events it applies: a new access event
// (an API token, a grant) must not stop it.
func TestProjectorClaimsOnlyItsEvents(t *testing.T) {
	p := staff.NewProjector()
	if !p.Handles(access.TypeWallLifted) || !p.Handles(access.TypeStaffMemberRegistered) {
		t.Error("the staff projector ignores its own events")
	}
	if p.Handles("access.ApiTokenIssued") || p.Handles("contact.PersonRegistered") {
		t.Error("the staff projector claims events it cannot apply")
	}
}
