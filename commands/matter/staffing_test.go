package matter_test

import (
	"context"
	"slices"
	"testing"

	"github.com/google/uuid"

	mattercmd "github.com/klient-crm/klient/commands/matter"
	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/access"
	"github.com/klient-crm/klient/projections/matters"
)

// Who works on a matter decides who sees it in the list.
func TestTeamAndGrantsDecideVisibility(t *testing.T) {
	t.Parallel()
	w := newMatterWorld(t)
	lawyer, colleague, partner, outsider := w.lawyer(t), w.lawyer(t), w.lawyer(t), w.lawyer(t)
	res := w.intake(t, lawyer, w.person(t, "Klara", "Klient", ""), w.person(t, "Mot", "Part", ""))
	h, err := mattercmd.NewMatterStaffingHandler(w.matters)
	must(t, err)
	ctx := context.Background()
	_, err = h.HandleTeam(ctx, mattercmd.ChangeMatterTeam{Actor: staff, MatterID: res.MatterID, ExpectedVersion: res.Version,
		Members: []string{colleague, uuid.NewString()}})
	refusedWith(t, err, domain.KindInvalid, "matter.staff.not_found")
	res, err = h.HandleTeam(ctx, mattercmd.ChangeMatterTeam{Actor: staff, MatterID: res.MatterID, ExpectedVersion: res.Version,
		Members: []string{colleague}, Teams: []string{"Tvist"}})
	must(t, err)
	res, err = h.HandleGrant(ctx, mattercmd.GrantMatterAccess{Actor: staff, MatterID: res.MatterID, ExpectedVersion: res.Version, StaffID: partner})
	must(t, err)
	w.wrote(res.Position)
	w.settle(t)

	for _, c := range []struct {
		viewer access.Viewer
		sees   bool
	}{
		{access.Viewer{StaffID: lawyer}, true}, {access.Viewer{StaffID: colleague}, true},
		{access.Viewer{StaffID: partner}, true}, {access.Viewer{StaffID: outsider}, false},
		{access.Viewer{StaffID: outsider, Teams: []string{"tvist"}}, true},
	} {
		list, err := matters.List(ctx, w.pool, matters.Filter{Viewer: c.viewer})
		must(t, err)
		if got := slices.ContainsFunc(list, func(m matters.Matter) bool { return m.ID == res.MatterID }); got != c.sees {
			t.Errorf("viewer %+v sees the matter: %v", c.viewer, got)
		}
	}
	res, err = h.HandleRevoke(ctx, mattercmd.RevokeMatterAccess{Actor: staff, MatterID: res.MatterID, ExpectedVersion: res.Version, StaffID: partner})
	must(t, err)
	res, err = h.HandleResponsible(ctx, mattercmd.AssignResponsibleLawyer{Actor: staff, MatterID: res.MatterID, ExpectedVersion: res.Version, StaffID: colleague})
	must(t, err)
	w.wrote(res.Position)
	if m := w.readMatter(t, res.MatterID); len(m.Grants) != 0 || m.ResponsibleLawyer != colleague || !slices.Equal(m.Teams, []string{"tvist"}) {
		t.Fatalf("matter %+v", m)
	}
}
