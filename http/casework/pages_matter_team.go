package casework

import (
	"net/http"

	"github.com/go-chi/chi/v5"

	"github.com/klient-crm/klient/commands/journal"
	mattercmd "github.com/klient-crm/klient/commands/matter"
	"github.com/klient-crm/klient/http/web"
)

// changeTeam replaces the matter's team with the members and teams
// checked: they, with the responsible lawyer and those granted access,
// are who may see the matter.
func (s *Handlers) changeTeam(w http.ResponseWriter, r *http.Request) {
	s.changeMatter(w, r, "team", func(a journal.Actor, id string, v uint64) (mattercmd.MatterResult, error) {
		return s.deps.Matters.Staffing.HandleTeam(r.Context(), mattercmd.ChangeMatterTeam{Actor: a, MatterID: id,
			ExpectedVersion: v, Members: r.PostForm["members"], Teams: r.PostForm["teams"]})
	})
}

// grantAccess lets one staff member outside the team see the matter (a
// colleague consulted, a partner reviewing).
func (s *Handlers) grantAccess(w http.ResponseWriter, r *http.Request) {
	s.changeMatter(w, r, "team", func(a journal.Actor, id string, v uint64) (mattercmd.MatterResult, error) {
		return s.deps.Matters.Staffing.HandleGrant(r.Context(), mattercmd.GrantMatterAccess{Actor: a, MatterID: id,
			ExpectedVersion: v, StaffID: r.PostForm.Get("staff_id")})
	})
}

// revokeAccess ends a grant.
func (s *Handlers) revokeAccess(w http.ResponseWriter, r *http.Request) {
	s.changeMatter(w, r, "team", func(a journal.Actor, id string, v uint64) (mattercmd.MatterResult, error) {
		return s.deps.Matters.Staffing.HandleRevoke(r.Context(), mattercmd.RevokeMatterAccess{Actor: a, MatterID: id,
			ExpectedVersion: v, StaffID: chi.URLParam(r, "staff")})
	})
}

// askRevokeAccess names the colleague whose grant ends; one without a
// grant is left to the command to refuse.
func (s *Handlers) askRevokeAccess(r *http.Request) (*web.Confirmation, error) {
	id := chi.URLParam(r, "staff")
	if !containsString(web.MatterOf(r).Grants, id) {
		return nil, nil
	}
	member, err := s.Shared().Staff.Get(r.Context(), id)
	if err != nil {
		return nil, err
	}
	c := matterQuestion(r, "confirm.matter.revoke_access")
	c.Args = append([]any{member.Name}, c.Args...)
	return c, nil
}

// TeamForm offers the team panel's choices: the active members whose roles
// see matters (and whoever is on the team now, so that saving drops nobody
// unseen) and every known team by its name, the matter's own checked; it
// names those granted access, and offers a grant to a member who sees
// matters and has no access yet. Nobody is chosen for a grant beforehand.
func (p matterPage) TeamForm() teamFormView {
	v := teamFormView{Grants: []web.StaffOption{}}
	viewer := map[string]bool{}
	for _, o := range p.Viewers {
		viewer[o.ID] = true
	}
	for _, o := range p.Staff {
		onTeam, granted := containsString(p.Matter.TeamMembers, o.ID), containsString(p.Matter.Grants, o.ID)
		o.Selected = onTeam
		if o.ID != p.Matter.ResponsibleLawyer && (viewer[o.ID] || onTeam) {
			v.Members = append(v.Members, o)
		}
		if granted {
			v.Grants = append(v.Grants, o)
		}
		if viewer[o.ID] && !onTeam && !granted && o.ID != p.Matter.ResponsibleLawyer {
			o.Selected = false
			v.Grantable = append(v.Grantable, o)
		}
	}
	v.Teams = web.TeamChoices(p.Teams, p.Matter.Teams, p.areas)
	return v
}

// teamFormView is what the team panel shows.
type teamFormView struct {
	Members   []web.StaffOption
	Teams     []web.TeamChoice
	Grants    []web.StaffOption
	Grantable []web.StaffOption
}
