package auth

import (
	"net/http"

	"github.com/go-chi/chi/v5"
	"github.com/klient-crm/klient/domain/access"
)

// Pages are each member's own: sign out, change password, sign out
// everywhere (which asks first, web.Confirm).
func (s *Handlers) Pages(r chi.Router) {
	s.Route(r, http.MethodPost, "/logout", access.SelfService, s.logout)
	s.Route(r, http.MethodGet, "/account", access.SelfService, s.accountPage)
	s.Route(r, http.MethodPost, "/account/password", access.SelfService, s.changeOwnPassword)
	s.Route(r, http.MethodPost, "/account/sessions/end", access.SelfService, s.signOutEverywhere, s.Confirm(s.askSignOutEverywhere))
}

// SignInPages are the sign-in form and single sign-on: public, since
// nobody is signed in yet.
func (s *Handlers) SignInPages(r chi.Router) {
	s.Public(r, http.MethodGet, "/login", s.loginForm)
	s.Public(r, http.MethodPost, "/login", s.login)
	s.Public(r, http.MethodGet, "/auth/oidc/start", s.oidcStart)
	s.Public(r, http.MethodGet, "/auth/oidc/callback", s.oidcCallback)
}
