package auth

import (
	"net/http"
	"time"

	"github.com/klient-crm/klient/crypto/credentials"
	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/access"
	"github.com/klient-crm/klient/http/web"
)

// accountPage is the view of a member's own account.
type accountPage struct {
	Name, Email string
	Roles       []access.Role
	Error       string // already translated
	Done        string // catalogue key
	CanFeed     bool   // may have a calendar feed
	Sessions    []sessionRow
}

// sessionRow is one browser the member is signed in on.
type sessionRow struct {
	Started, LastSeen time.Time
	Device, Address   string
	Current           bool // this browser
}

// errWrongPassword: the current password given to change it is wrong.
var errWrongPassword = domain.Invalid("current", "the current password is wrong").WithCode("account.password.wrong")

// accountPage shows the member's own account and the password form.
func (s *Handlers) accountPage(w http.ResponseWriter, r *http.Request) {
	page, err := s.ownAccount(r)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	switch r.URL.Query().Get("done") {
	case "password":
		page.Done = "account.password.changed"
	case "feed_revoked":
		page.Done = "calendar.revoked"
	}
	s.RenderPage(w, r, http.StatusOK, "account", page)
}

func (s *Handlers) ownAccount(r *http.Request) (accountPage, error) {
	p, _ := web.PrincipalOf(r.Context())
	m, err := s.Shared().Staff.Get(r.Context(), p.StaffID)
	if err != nil {
		return accountPage{}, err
	}
	sessions, err := s.Shared().Credentials.ListSessions(r.Context(), p.StaffID)
	page := accountPage{Name: m.Name, Email: m.Email, Roles: p.Roles, CanFeed: p.Can(access.CalendarFeed)}
	for _, sess := range sessions {
		page.Sessions = append(page.Sessions, sessionRow{Started: sess.CreatedAt, LastSeen: sess.LastSeenAt,
			Device: sess.Meta.UserAgent, Address: sess.Meta.Address, Current: sess.ID == p.SessionID})
	}
	return page, err
}

// askSignOutEverywhere: every browser and phone of the member is signed
// out, this one too.
func (s *Handlers) askSignOutEverywhere(*http.Request) (*web.Confirmation, error) {
	return &web.Confirmation{Question: "confirm.sessions.end", Consequence: "confirm.sessions.end.consequence",
		Button: "confirm.sessions.end.button", Back: "/account"}, nil
}

// signOutEverywhere ends every session of the member, this browser's too
// (a lost phone, a shared computer left signed in), and sends them to the
// sign-in page.
func (s *Handlers) signOutEverywhere(w http.ResponseWriter, r *http.Request) {
	p, _ := web.PrincipalOf(r.Context())
	if _, err := s.Shared().Credentials.EndAllSessions(r.Context(), p.StaffID); err != nil {
		s.Fail(w, r, err)
		return
	}
	s.ClearSessionCookie(w)
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}

// changeOwnPassword needs the current password, counted by the sign-in
// throttle (a borrowed session must not become a password oracle). On
// success every other session of the member ends and this browser gets a
// new one.
func (s *Handlers) changeOwnPassword(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.Fail(w, r, web.FormError(err))
		return
	}
	p, _ := web.PrincipalOf(r.Context())
	err := s.setOwnPassword(r, p.StaffID, r.PostForm.Get("current"), r.PostForm.Get("password"))
	if web.IsFormError(err) {
		page, perr := s.ownAccount(r)
		if perr != nil {
			s.Fail(w, r, perr)
			return
		}
		pr := s.ProblemFor(r, err)
		page.Error = web.FirstMessage(pr)
		s.RenderPage(w, r, pr.Status, "account", page)
		return
	}
	if err == nil {
		err = s.renewSessions(w, r, p.StaffID)
	}
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/account?done=password", http.StatusSeeOther)
}

func (s *Handlers) setOwnPassword(r *http.Request, staffID, current, next string) error {
	ctx, keys := r.Context(), s.keysOf(r, staffID)
	if wait, err := s.lockedFor(ctx, keys); err != nil || wait > 0 {
		if err == nil {
			err = errThrottled
		}
		return err
	}
	ok, err := s.Shared().Credentials.VerifyPassword(ctx, staffID, current)
	if err != nil {
		return err
	}
	if !ok {
		s.Refused(r, staffID, "bad_password")
		return joinFirst(s.failed(ctx, keys), errWrongPassword)
	}
	if err := credentials.CheckPassword(next); err != nil {
		return err
	}
	return s.Shared().Credentials.SetPassword(ctx, staffID, next)
}

// renewSessions ends every session of the member and starts a new one for
// this browser.
func (s *Handlers) renewSessions(w http.ResponseWriter, r *http.Request, staffID string) error {
	if _, err := s.Shared().Credentials.EndAllSessions(r.Context(), staffID); err != nil {
		return err
	}
	return s.startSession(w, r, staffID)
}

// joinFirst returns err when it is set, else fallback.
func joinFirst(err, fallback error) error {
	if err != nil {
		return err
	}
	return fallback
}
