package admin

import (
	"net/http"
	"strings"

	"github.com/go-chi/chi/v5"
	"github.com/google/uuid"

	staffcmd "github.com/klient-crm/klient/commands/staff"
	"github.com/klient-crm/klient/crypto/credentials"
	"github.com/klient-crm/klient/domain/access"
	"github.com/klient-crm/klient/http/web"
	"github.com/klient-crm/klient/projections/staff"
)

// staffListPage is the view of the staff list, the administrator's start
// page: the access review's reminder above the members.
type staffListPage struct {
	Review  reviewReminder
	Members []staff.Member
}

// staffFormPage is the view of the new-member form.
type staffFormPage struct {
	StaffID     string // chosen when the form is shown, so a resent form registers one member
	Name, Email string
	Roles       []roleChoice
	Teams       []web.TeamChoice
	NewTeams    string
	Errors      web.FieldMessages
	Summary     string
}

// listStaff shows every account, under the access review's reminder.
// Staff are data subjects too, so the view is logged like a contact list
// (the reminder names only members of the list).
func (s *Handlers) listStaff(w http.ResponseWriter, r *http.Request) {
	members, err := s.Shared().Staff.List(r.Context())
	var review reviewReminder
	if err == nil {
		review, err = s.accessReviewReminder(r, members)
	}
	if err == nil {
		err = s.RecordView(r, memberIDs(members))
	}
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	s.RenderPage(w, r, http.StatusOK, "staff", staffListPage{Review: review, Members: members})
}

func memberIDs(members []staff.Member) []string {
	ids := make([]string, len(members))
	for i, m := range members {
		ids[i] = m.ID
	}
	return ids
}

// newStaffForm shows the empty form with a fresh staff ID.
func (s *Handlers) newStaffForm(w http.ResponseWriter, r *http.Request) {
	s.showStaffForm(w, r, http.StatusOK, staffFormPage{StaffID: uuid.Must(uuid.NewV7()).String(),
		Roles: roleChoices(nil)})
}

func (s *Handlers) showStaffForm(w http.ResponseWriter, r *http.Request, status int, page staffFormPage) {
	teams, err := s.Shared().Staff.Teams(r.Context())
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	page.Teams = web.TeamChoices(teams, selectedTeams(page.Teams), nil)
	s.RenderPage(w, r, status, "staff_form", page)
}

func selectedTeams(choices []web.TeamChoice) []string {
	var out []string
	for _, c := range choices {
		if c.Checked {
			out = append(out, c.Team)
		}
	}
	return out
}

// createStaff registers a member and gives them a password: the one typed,
// or a generated one shown once. The password is checked first, so a weak
// one writes nothing.
func (s *Handlers) createStaff(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.Fail(w, r, web.FormError(err))
		return
	}
	f := r.PostForm
	page := staffFormPage{StaffID: f.Get("staff_id"), Name: f.Get("name"), Email: f.Get("email"), NewTeams: f.Get("new_teams")}
	roles, err := rolesOf(f)
	page.Roles = roleChoices(roles)
	for _, t := range f["teams"] {
		page.Teams = append(page.Teams, web.TeamChoice{Team: t, Checked: true})
	}
	password, generated := f.Get("password"), false
	if strings.TrimSpace(password) == "" {
		password, generated = generatedPassword(), true
	}
	if err == nil {
		err = credentials.CheckPassword(password)
	}
	var res staffcmd.StaffResult
	if err == nil {
		res, err = s.deps.Access.RegisterStaff.Handle(r.Context(), staffcmd.RegisterStaffMember{Actor: s.Actor(r),
			StaffID: page.StaffID, Details: access.StaffDetails{Name: page.Name, Email: page.Email}, Roles: roles, Teams: teamsOf(f)})
	}
	if err == nil {
		err = s.Shared().Credentials.SetPassword(r.Context(), res.StaffID, password)
	}
	if err != nil {
		s.staffFormFailed(w, r, page, err)
		return
	}
	s.Await(r.Context(), web.StaffProjector, res.Position)
	s.passwordOrRedirect(w, r, res.StaffID, password, generated)
}

func (s *Handlers) staffFormFailed(w http.ResponseWriter, r *http.Request, page staffFormPage, err error) {
	if !web.IsFormError(err) {
		s.Fail(w, r, err)
		return
	}
	var status int
	page.Errors, page.Summary, status = s.FormFailure(r, err)
	s.showStaffForm(w, r, status, page)
}

// passwordOrRedirect shows a generated password once (a redirect would
// have to carry it in the URL); a typed one is not shown again.
func (s *Handlers) passwordOrRedirect(w http.ResponseWriter, r *http.Request, staffID, password string, generated bool) {
	if !generated {
		http.Redirect(w, r, "/admin/staff/"+staffID+"?done=saved", http.StatusSeeOther)
		return
	}
	s.RenderPage(w, r, http.StatusOK, "secret", web.SecretPage{Title: "staff.password.title",
		Lead: "staff.password.lead", Secret: password, Back: "/admin/staff/" + staffID})
}

// staffID is the {id} of a staff route.
func staffID(r *http.Request) string { return chi.URLParam(r, "id") }
