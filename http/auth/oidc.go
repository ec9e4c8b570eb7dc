package auth

import (
	"net/http"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/http/i18n"
	"github.com/klient-crm/klient/http/oidc"
	"github.com/klient-crm/klient/http/web"
)

// OIDCProvider is *oidc.Provider: single sign-on through the firm's own
// identity provider.
type OIDCProvider interface {
	Start(w http.ResponseWriter, r *http.Request)
	Finish(w http.ResponseWriter, r *http.Request) (oidc.Identity, error)
}

// errNoSSO: single sign-on is not configured here. The routes exist either
// way so the router (and its documentation) has one shape.
var errNoSSO = domain.NotFound("single sign-on is not configured")

// oidcStart sends the browser to the identity provider.
func (s *Handlers) oidcStart(w http.ResponseWriter, r *http.Request) {
	if s.deps.OIDC == nil {
		s.Fail(w, r, errNoSSO)
		return
	}
	s.deps.OIDC.Start(w, r)
}

// oidcCallback signs in the active staff member whose e-mail address the
// provider vouches for, with a new session exactly as the password form
// does. The provider is the firm's own, configured by the operator, so its
// e-mail claim is trusted as the sign-in name; an address that matches no
// active member is refused without saying which of the two it was.
func (s *Handlers) oidcCallback(w http.ResponseWriter, r *http.Request) {
	if s.deps.OIDC == nil {
		s.Fail(w, r, errNoSSO)
		return
	}
	id, err := s.deps.OIDC.Finish(w, r)
	if err != nil {
		s.ssoRefused(w, r, "", "login.sso_failed", err)
		return
	}
	m, found, err := s.Shared().Staff.ByEmail(r.Context(), id.Email)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	if !found || !m.Active || id.Email == "" {
		s.ssoRefused(w, r, m.ID, "login.sso_no_account", nil)
		return
	}
	if err := s.startSession(w, r, m.ID); err != nil {
		s.Fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/", http.StatusSeeOther)
}

// ssoRefused shows the sign-in form again with why single sign-on failed.
func (s *Handlers) ssoRefused(w http.ResponseWriter, r *http.Request, staffID, key string, cause error) {
	s.Refused(r, staffID, "bad_login")
	if cause != nil && domain.KindOf(cause) == domain.KindInternal {
		s.Fail(w, r, cause)
		return
	}
	page := loginPage{Next: "/", OIDC: true, Error: i18n.T(web.LangOf(r.Context()), key)}
	s.RenderPage(w, r, http.StatusForbidden, "login", page)
}
