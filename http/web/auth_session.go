package web

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/projections/accesslog"
	"github.com/klient-crm/klient/projections/staff"
)

// Session cookie names. Behind TLS the cookie carries the __Host- prefix,
// which makes the browser refuse it unless it is Secure, host-only and for
// Path=/ (no subdomain can plant or read it). A browser refuses a Secure
// cookie over plain HTTP, so a development server on http://localhost
// (Config.SecureCookies false) uses the bare name instead.
const (
	SessionCookieSecure = "__Host-klient_session"
	SessionCookieDev    = "klient_session"
)

// ErrSignInRequired answers a request that carries no live session or
// token: 401 for the API, a redirect to /login for pages.
var ErrSignInRequired = &domain.Error{Kind: domain.KindForbidden, Message: "sign-in required", Err: ErrUnauthenticated}

func (s *Kit) SessionCookieName() string {
	if s.cfg.SecureCookies {
		return SessionCookieSecure
	}
	return SessionCookieDev
}

// SetSessionCookie hands the browser a session token: HttpOnly (no script
// reads it), SameSite=Lax (no other site's form posts it), for the whole
// site and only for this browser session.
func (s *Kit) SetSessionCookie(w http.ResponseWriter, token string) {
	http.SetCookie(w, &http.Cookie{Name: s.SessionCookieName(), Value: token, Path: "/",
		HttpOnly: true, Secure: s.cfg.SecureCookies, SameSite: http.SameSiteLaxMode})
}

func (s *Kit) ClearSessionCookie(w http.ResponseWriter) {
	http.SetCookie(w, &http.Cookie{Name: s.SessionCookieName(), Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, Secure: s.cfg.SecureCookies, SameSite: http.SameSiteLaxMode})
}

// SessionToken is the token the browser sent, or "".
func (s *Kit) SessionToken(r *http.Request) string {
	if c, err := r.Cookie(s.SessionCookieName()); err == nil {
		return c.Value
	}
	return ""
}

// Authenticate finds who the request acts for: a Bearer token (API only)
// or the session cookie. Roles and teams come from the staff read model on
// every request, so a change or a deactivation counts at once.
func (s *Kit) Authenticate(r *http.Request) (Principal, error) {
	ctx := r.Context()
	if secret, ok := Bearer(r); ok && IsAPI(r) {
		return s.TokenPrincipal(ctx, secret)
	}
	token := s.SessionToken(r)
	if token == "" {
		return Principal{}, ErrSignInRequired
	}
	sess, err := s.deps.Credentials.LookupSession(ctx, token)
	if err != nil {
		return Principal{}, err
	}
	m, err := s.ActiveMember(ctx, sess.StaffID)
	if err != nil {
		if domain.KindOf(err) != domain.KindInternal {
			_ = s.deps.Credentials.EndSession(ctx, token) // a deactivated member's session ends here too
		}
		return Principal{}, err
	}
	return Principal{StaffID: m.ID, Name: m.Name, Roles: m.Roles, Teams: m.Teams, Via: ViaOf(r), SessionToken: token,
		SessionID: sess.ID}, nil
}

// TokenPrincipal acts for the token's creator, with the token's roles and
// the creator's teams (so the creator's walls bind the token too). A token
// stops working when its creator is deactivated.
func (s *Kit) TokenPrincipal(ctx context.Context, secret string) (Principal, error) {
	tok, err := s.deps.Credentials.LookupToken(ctx, secret)
	if err != nil {
		return Principal{}, err
	}
	m, err := s.ActiveMember(ctx, tok.CreatedBy)
	if err != nil {
		return Principal{}, err
	}
	return Principal{StaffID: m.ID, Name: m.Name, Roles: tok.Roles, Teams: m.Teams, Via: accesslog.ViaAPI, TokenID: tok.ID}, nil
}

// errInactive: the member was deactivated or erased after signing in.
var errInactive = domain.Forbidden("the account may no longer sign in").WithCode("auth.session_expired")

func (s *Kit) ActiveMember(ctx context.Context, id string) (staff.Member, error) {
	m, err := s.deps.Staff.Get(ctx, id)
	switch {
	case err != nil && domain.KindOf(err) == domain.KindInternal:
		return staff.Member{}, err
	case err != nil || !m.Active:
		return staff.Member{}, errInactive
	}
	return m, nil
}

func Bearer(r *http.Request) (string, bool) {
	scheme, secret, ok := strings.Cut(r.Header.Get("Authorization"), " ")
	return strings.TrimSpace(secret), ok && strings.EqualFold(scheme, "Bearer")
}

// Unauthenticated answers a request nobody is signed in for. A database
// failure is a 500, not a sign-in prompt; a page request goes to /login
// and comes back to the page it asked for.
func (s *Kit) Unauthenticated(w http.ResponseWriter, r *http.Request, err error) {
	if domain.KindOf(err) == domain.KindInternal {
		s.Fail(w, r, err)
		return
	}
	if s.SessionToken(r) != "" {
		s.ClearSessionCookie(w)
	}
	if WantsProblem(r) {
		w.Header().Set("WWW-Authenticate", `Bearer realm="klient"`)
		s.Fail(w, r, errors.Join(ErrSignInRequired, err))
		return
	}
	target := "/login"
	if r.Method == http.MethodGet && r.URL.Path != "/" {
		target += "?next=" + url.QueryEscape(r.URL.Path)
	}
	http.Redirect(w, r, target, http.StatusSeeOther)
}
