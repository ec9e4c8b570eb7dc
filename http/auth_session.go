package http

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
	sessionCookieSecure = "__Host-klient_session"
	sessionCookieDev    = "klient_session"
)

// errSignInRequired answers a request that carries no live session or
// token: 401 for the API, a redirect to /login for pages.
var errSignInRequired = &domain.Error{Kind: domain.KindForbidden, Message: "sign-in required", Err: errUnauthenticated}

func (s *server) sessionCookieName() string {
	if s.cfg.SecureCookies {
		return sessionCookieSecure
	}
	return sessionCookieDev
}

// setSessionCookie hands the browser a session token: HttpOnly (no script
// reads it), SameSite=Lax (no other site's form posts it), for the whole
// site and only for this browser session.
func (s *server) setSessionCookie(w http.ResponseWriter, token string) {
	http.SetCookie(w, &http.Cookie{Name: s.sessionCookieName(), Value: token, Path: "/",
		HttpOnly: true, Secure: s.cfg.SecureCookies, SameSite: http.SameSiteLaxMode})
}

func (s *server) clearSessionCookie(w http.ResponseWriter) {
	http.SetCookie(w, &http.Cookie{Name: s.sessionCookieName(), Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, Secure: s.cfg.SecureCookies, SameSite: http.SameSiteLaxMode})
}

// sessionToken is the token the browser sent, or "".
func (s *server) sessionToken(r *http.Request) string {
	if c, err := r.Cookie(s.sessionCookieName()); err == nil {
		return c.Value
	}
	return ""
}

// authenticate finds who the request acts for: a Bearer token (API only)
// or the session cookie. Roles and teams come from the staff read model on
// every request, so a change or a deactivation counts at once.
func (s *server) authenticate(r *http.Request) (principal, error) {
	ctx := r.Context()
	if secret, ok := bearer(r); ok && isAPI(r) {
		return s.tokenPrincipal(ctx, secret)
	}
	token := s.sessionToken(r)
	if token == "" {
		return principal{}, errSignInRequired
	}
	sess, err := s.deps.Credentials.LookupSession(ctx, token)
	if err != nil {
		return principal{}, err
	}
	m, err := s.activeMember(ctx, sess.StaffID)
	if err != nil {
		if domain.KindOf(err) != domain.KindInternal {
			_ = s.deps.Credentials.EndSession(ctx, token) // a deactivated member's session ends here too
		}
		return principal{}, err
	}
	return principal{StaffID: m.ID, Name: m.Name, Roles: m.Roles, Teams: m.Teams, Via: viaOf(r), token: token}, nil
}

// tokenPrincipal acts for the token's creator, with the token's roles and
// the creator's teams (so the creator's walls bind the token too). A token
// stops working when its creator is deactivated.
func (s *server) tokenPrincipal(ctx context.Context, secret string) (principal, error) {
	tok, err := s.deps.Credentials.LookupToken(ctx, secret)
	if err != nil {
		return principal{}, err
	}
	m, err := s.activeMember(ctx, tok.CreatedBy)
	if err != nil {
		return principal{}, err
	}
	return principal{StaffID: m.ID, Name: m.Name, Roles: tok.Roles, Teams: m.Teams, Via: accesslog.ViaAPI, TokenID: tok.ID}, nil
}

// errInactive: the member was deactivated or erased after signing in.
var errInactive = domain.Forbidden("the account may no longer sign in").WithCode("auth.session_expired")

func (s *server) activeMember(ctx context.Context, id string) (staff.Member, error) {
	m, err := s.deps.Staff.Get(ctx, id)
	switch {
	case err != nil && domain.KindOf(err) == domain.KindInternal:
		return staff.Member{}, err
	case err != nil || !m.Active:
		return staff.Member{}, errInactive
	}
	return m, nil
}

func bearer(r *http.Request) (string, bool) {
	scheme, secret, ok := strings.Cut(r.Header.Get("Authorization"), " ")
	return strings.TrimSpace(secret), ok && strings.EqualFold(scheme, "Bearer")
}

// unauthenticated answers a request nobody is signed in for. A database
// failure is a 500, not a sign-in prompt; a page request goes to /login
// and comes back to the page it asked for.
func (s *server) unauthenticated(w http.ResponseWriter, r *http.Request, err error) {
	if domain.KindOf(err) == domain.KindInternal {
		s.fail(w, r, err)
		return
	}
	if s.sessionToken(r) != "" {
		s.clearSessionCookie(w)
	}
	if wantsProblem(r) {
		w.Header().Set("WWW-Authenticate", `Bearer realm="klient"`)
		s.fail(w, r, errors.Join(errSignInRequired, err))
		return
	}
	target := "/login"
	if r.Method == http.MethodGet && r.URL.Path != "/" {
		target += "?next=" + url.QueryEscape(r.URL.Path)
	}
	http.Redirect(w, r, target, http.StatusSeeOther)
}
