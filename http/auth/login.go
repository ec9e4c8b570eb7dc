package auth

import (
	"net/http"
	"strings"
	"time"

	"github.com/klient-crm/klient/crypto/credentials"
	"github.com/klient-crm/klient/http/i18n"
	"github.com/klient-crm/klient/http/web"
)

// loginPage is the view of the sign-in form.
type loginPage struct {
	Email  string
	Next   string // where to go after signing in: a local path
	Error  string // already translated
	Notice string // catalogue key, e.g. after signing out
	OIDC   bool   // offer single sign-on
}

// loginForm shows the sign-in form. Whoever is already signed in may sign
// in again: the new session replaces the old one.
func (s *Handlers) loginForm(w http.ResponseWriter, r *http.Request) {
	page := loginPage{Next: nextPath(r.URL.Query().Get("next")), OIDC: s.deps.OIDC != nil}
	if r.URL.Query().Get("done") == "signed_out" {
		page.Notice = "login.signed_out"
	}
	s.RenderPage(w, r, http.StatusOK, "login", page)
}

// login checks e-mail and password. A wrong password, an unknown address
// and a deactivated account get the same message after the same work, so
// the form tells nobody which addresses have accounts.
func (s *Handlers) login(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.Fail(w, r, web.FormError(err))
		return
	}
	email, password := strings.TrimSpace(r.PostForm.Get("email")), r.PostForm.Get("password")
	page := loginPage{Email: email, Next: nextPath(r.PostForm.Get("next")), OIDC: s.deps.OIDC != nil}
	keys := s.keysOf(r, email)
	wait, err := s.lockedFor(r.Context(), keys)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	if wait > 0 {
		s.Refused(r, "", "throttled")
		s.loginThrottled(w, r, page, wait)
		return
	}
	staffID, ok, err := s.checkPassword(r, email, password)
	if err == nil && !ok {
		s.Refused(r, staffID, "bad_login")
		err = s.failed(r.Context(), keys)
		page.Error = i18n.T(web.LangOf(r.Context()), "login.failed")
		if err == nil {
			s.RenderPage(w, r, http.StatusUnauthorized, "login", page)
			return
		}
	}
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	s.signedIn(w, r, staffID, keys, page.Next)
}

// checkPassword returns the staff ID of the account typed (when there is
// one) and whether the password is right and the account may sign in.
func (s *Handlers) checkPassword(r *http.Request, email, password string) (string, bool, error) {
	ctx := r.Context()
	m, found, err := s.Shared().Staff.ByEmail(ctx, email)
	if err != nil {
		return "", false, err
	}
	if !found || email == "" {
		s.Shared().Credentials.VerifyDummy(ctx, password)
		return "", false, nil
	}
	ok, err := s.Shared().Credentials.VerifyPassword(ctx, m.ID, password)
	return m.ID, ok && m.Active, err
}

// signedIn clears the account's failures and starts a NEW session, ending
// the one the browser had: a token planted before sign-in is worthless
// after it.
func (s *Handlers) signedIn(w http.ResponseWriter, r *http.Request, staffID string, keys loginKeys, next string) {
	if err := s.deps.Throttle.Succeeded(r.Context(), keys.account); err != nil {
		s.Fail(w, r, err)
		return
	}
	if err := s.startSession(w, r, staffID); err != nil {
		s.Fail(w, r, err)
		return
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
}

func (s *Handlers) startSession(w http.ResponseWriter, r *http.Request, staffID string) error {
	if old := s.SessionToken(r); old != "" {
		_ = s.Shared().Credentials.EndSession(r.Context(), old)
	}
	token, _, err := s.Shared().Credentials.CreateSession(r.Context(), staffID,
		credentials.SessionMeta{UserAgent: r.UserAgent(), Address: s.clientAddr(r).String()})
	if err != nil {
		return err
	}
	s.SetSessionCookie(w, token)
	return nil
}

// loginThrottled says when to try again: a page for people, a 429 problem
// with Retry-After for programs.
func (s *Handlers) loginThrottled(w http.ResponseWriter, r *http.Request, page loginPage, wait time.Duration) {
	w.Header().Set("Retry-After", retryAfter(wait))
	if web.WantsProblem(r) {
		s.Fail(w, r, errThrottled)
		return
	}
	lang := web.LangOf(r.Context())
	until := time.Now().Add(wait).In(i18n.Stockholm).Format("15:04")
	page.Error = i18n.T(lang, "login.throttled", int((wait+time.Minute-1)/time.Minute), until)
	s.RenderPage(w, r, http.StatusTooManyRequests, "login", page)
}

// logout ends the session for real (server-side), not just the cookie.
func (s *Handlers) logout(w http.ResponseWriter, r *http.Request) {
	if p, _ := web.PrincipalOf(r.Context()); p.SessionToken != "" {
		if err := s.Shared().Credentials.EndSession(r.Context(), p.SessionToken); err != nil {
			s.Fail(w, r, err)
			return
		}
	}
	s.ClearSessionCookie(w)
	http.Redirect(w, r, "/login?done=signed_out", http.StatusSeeOther)
}

// nextPath keeps the after-sign-in redirect on this site. Without one it
// is the start page, which sends each member to the first page their
// roles open (an auditor to the audit trail, the DPO to the register).
func nextPath(p string) string {
	if p = web.LocalPath(p); strings.HasPrefix(p, "/login") {
		return "/"
	}
	return p
}
