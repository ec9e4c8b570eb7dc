package admin

import (
	"net/http"

	"github.com/klient-crm/klient/commands/journal"
	staffcmd "github.com/klient-crm/klient/commands/staff"
	"github.com/klient-crm/klient/http/web"
	"github.com/klient-crm/klient/projections/staff"
)

// memberPage is the view of one staff member for an administrator.
type memberPage struct {
	staff.Member
	Roles    []roleChoice
	Teams    []web.TeamChoice
	NewTeams string            // always empty: the form starts from what is held
	Errors   web.FieldMessages // unused by this form: errors come as Summary
	Self     bool              // the administrator's own account: no deactivate button
	Done     string            // catalogue key
	Summary  string            // an error, already translated
}

var memberDone = map[string]string{
	"saved":       "staff.done.saved",
	"deactivated": "staff.done.deactivated",
	"reactivated": "staff.done.reactivated",
}

// askMember asks before deactivating a member or resetting their
// password: either signs them out everywhere at once.
func (s *Handlers) askMember(key string) web.Asker {
	return func(r *http.Request) (*web.Confirmation, error) {
		m, err := s.Shared().Staff.Get(r.Context(), staffID(r))
		if err != nil {
			return nil, err
		}
		return &web.Confirmation{Question: key, Args: []any{m.Name}, Consequence: key + ".consequence",
			Button: key + ".button", Back: "/admin/staff/" + m.ID, Subjects: []string{m.ID}}, nil
	}
}

// showStaff shows a member with the forms that change them.
func (s *Handlers) showStaff(w http.ResponseWriter, r *http.Request) {
	s.showMember(w, r, http.StatusOK, memberDone[r.URL.Query().Get("done")], "")
}

func (s *Handlers) showMember(w http.ResponseWriter, r *http.Request, status int, done, summary string) {
	ctx := r.Context()
	m, err := s.Shared().Staff.Get(ctx, staffID(r))
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	teams, err := s.Shared().Staff.Teams(ctx)
	if err == nil {
		err = s.RecordView(r, []string{m.ID})
	}
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	p, _ := web.PrincipalOf(ctx)
	s.RenderPage(w, r, status, "staff_member", memberPage{Member: m, Roles: roleChoices(m.Roles),
		Teams: web.TeamChoices(teams, m.Teams, nil), Self: p.StaffID == m.ID, Done: done, Summary: summary})
}

// changeStaffRoles gives the member exactly the roles and teams checked.
func (s *Handlers) changeStaffRoles(w http.ResponseWriter, r *http.Request) {
	s.staffChange(w, r, "saved", func(a journal.Actor, v uint64) (staffcmd.StaffResult, error) {
		roles, err := rolesOf(r.PostForm)
		if err != nil {
			return staffcmd.StaffResult{}, err
		}
		return s.deps.Access.ChangeRoles.Handle(r.Context(), staffcmd.ChangeStaffRoles{Actor: a, StaffID: staffID(r),
			ExpectedVersion: v, Roles: roles, Teams: teamsOf(r.PostForm)})
	})
}

// deactivateStaff stops the member signing in and ends their sessions at
// once; reactivateStaff lets them sign in again.
func (s *Handlers) deactivateStaff(w http.ResponseWriter, r *http.Request) {
	s.staffChange(w, r, "deactivated", func(a journal.Actor, v uint64) (staffcmd.StaffResult, error) {
		res, err := s.deps.Access.Activation.HandleDeactivate(r.Context(),
			staffcmd.DeactivateStaffMember{Actor: a, StaffID: staffID(r), ExpectedVersion: v})
		if err == nil {
			_, err = s.Shared().Credentials.EndAllSessions(r.Context(), res.StaffID)
		}
		return res, err
	})
}

func (s *Handlers) reactivateStaff(w http.ResponseWriter, r *http.Request) {
	s.staffChange(w, r, "reactivated", func(a journal.Actor, v uint64) (staffcmd.StaffResult, error) {
		return s.deps.Access.Activation.HandleReactivate(r.Context(),
			staffcmd.ReactivateStaffMember{Actor: a, StaffID: staffID(r), ExpectedVersion: v})
	})
}

// staffChange runs one change of a member from the version the page
// showed, waits for the read model and goes back to the member's page.
func (s *Handlers) staffChange(w http.ResponseWriter, r *http.Request, done string,
	run func(journal.Actor, uint64) (staffcmd.StaffResult, error)) {
	if err := r.ParseForm(); err != nil {
		s.Fail(w, r, web.FormError(err))
		return
	}
	version, ok := web.ParseVersion(r.PostForm.Get("version"))
	if !ok {
		s.Fail(w, r, web.BadRequest(web.ErrMalformed, "version", "request.version.invalid", "the version is not a number"))
		return
	}
	res, err := run(s.Actor(r), version)
	if err != nil {
		s.memberChangeFailed(w, r, err)
		return
	}
	s.Await(r.Context(), web.StaffProjector, res.Position)
	http.Redirect(w, r, "/admin/staff/"+res.StaffID+"?done="+done, http.StatusSeeOther)
}

// memberChangeFailed shows the member's page again with what went wrong,
// when a person can act on it; anything else is the error page.
func (s *Handlers) memberChangeFailed(w http.ResponseWriter, r *http.Request, err error) {
	if !web.IsFormError(err) && !web.HasCode(err, "staff.deactivate.self") {
		s.Fail(w, r, err)
		return
	}
	p := s.ProblemFor(r, err)
	s.showMember(w, r, p.Status, "", web.FirstMessage(p))
}

// resetStaffPassword gives the member a new generated password, shown
// once, and ends their sessions.
func (s *Handlers) resetStaffPassword(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	m, err := s.Shared().Staff.Get(ctx, staffID(r))
	password := generatedPassword()
	if err == nil {
		err = s.Shared().Credentials.SetPassword(ctx, m.ID, password)
	}
	if err == nil {
		_, err = s.Shared().Credentials.EndAllSessions(ctx, m.ID)
	}
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	s.passwordOrRedirect(w, r, m.ID, password, true)
}
