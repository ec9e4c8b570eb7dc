package http

import (
	"net/http"

	"github.com/go-chi/chi/v5"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/access"
)

// router assembles middleware and routes. Order matters: the recoverer sits
// right inside the access log (it asks the log's recorder whether a response
// began), the language is chosen before CSRF so a refusal is translated.
// Every route is registered with route (one access.Action, checked by the
// guard) or public; TestRouteMatrix fails on any other.
func (s *server) router() (chi.Router, error) {
	csrf, err := s.crossOrigin()
	if err != nil {
		return nil, err
	}
	s.actions, s.publicRoutes = map[string]access.Action{}, map[string]bool{}
	r := chi.NewRouter()
	r.Use(correlate, accessLog(s.log), s.recoverer, securityHeaders, chooseLang, csrf)
	r.NotFound(func(w http.ResponseWriter, r *http.Request) { s.fail(w, r, domain.NotFound("no such page")) })
	r.MethodNotAllowed(func(w http.ResponseWriter, r *http.Request) {
		s.fail(w, r, &domain.Error{Kind: domain.KindInvalid, Message: "method not allowed", Err: errMethodNotAllowed})
	})
	s.publicRoutesOn(r)
	r.Group(func(r chi.Router) {
		r.Use(limitBody(s.cfg.MaxFormBytes))
		s.contactPages(r)
		s.accountPages(r)
		s.adminPages(r)
		s.matterPages(r)
		s.workPages(r)
		s.privacyPages(r)
		s.requestsPages(r)
		s.auditPages(r)
		s.reportsPages(r)
	})
	r.Group(func(r chi.Router) {
		r.Use(limitBody(s.cfg.MaxJSONBytes))
		s.apiRoutes(r)
		s.caseworkAPI(r)
		s.privacyAPI(r)
		s.requestsAPI(r)
		s.reportsAPI(r)
	})
	r.Group(func(r chi.Router) {
		r.Use(limitBody(s.uploadLimit()))
		s.uploadRoutes(r)
	})
	return r, nil
}

// publicRoutesOn are the routes anyone may call.
func (s *server) publicRoutesOn(r chi.Router) {
	s.public(r, http.MethodGet, "/healthz", s.healthz)
	s.public(r, http.MethodGet, "/readyz", s.readyz)
	s.public(r, http.MethodGet, "/api/openapi.json", s.openAPI)
	s.public(r, http.MethodGet, "/static/{file}", s.serveStatic)
	r.Group(func(r chi.Router) {
		r.Use(limitBody(s.cfg.MaxFormBytes))
		s.public(r, http.MethodPost, "/lang", s.switchLang)
		s.public(r, http.MethodGet, "/login", s.loginForm)
		s.public(r, http.MethodPost, "/login", s.login)
		s.public(r, http.MethodGet, "/auth/oidc/start", s.oidcStart)
		s.public(r, http.MethodGet, "/auth/oidc/callback", s.oidcCallback)
		s.public(r, http.MethodGet, "/calendar/{token}.ics", s.calendarFeed)
		s.publicPrivacy(r)
	})
}

// contactPages are the server-rendered contact pages. Routes that name a
// contact pass the wall check (unwalled) first.
func (s *server) contactPages(r chi.Router) {
	s.route(r, http.MethodGet, "/", access.SelfService, s.home)
	s.route(r, http.MethodGet, "/contacts", access.ContactSearch, s.listContacts)
	s.route(r, http.MethodPost, "/contacts/search", access.ContactSearch, s.searchContacts)
	s.route(r, http.MethodGet, "/contacts/new", access.ContactCreate, s.newContact)
	s.route(r, http.MethodPost, "/contacts", access.ContactCreate, s.createContact)
	s.route(r, http.MethodGet, "/contacts/{id}", access.ContactView, s.showContact, s.unwalled)
	s.route(r, http.MethodGet, "/contacts/{id}/edit", access.ContactEdit, s.editContact, s.unwalled)
	s.route(r, http.MethodPost, "/contacts/{id}", access.ContactEdit, s.updateContact, s.unwalled)
	s.route(r, http.MethodPost, "/contacts/{id}/archive", access.ContactArchive, s.archiveContact, s.unwalled)
	s.route(r, http.MethodPost, "/contacts/{id}/reactivate", access.ContactArchive, s.reactivateContact, s.unwalled)
}

// accountPages are each member's own: sign out, change password.
func (s *server) accountPages(r chi.Router) {
	s.route(r, http.MethodPost, "/logout", access.SelfService, s.logout)
	s.route(r, http.MethodGet, "/account", access.SelfService, s.accountPage)
	s.route(r, http.MethodPost, "/account/password", access.SelfService, s.changeOwnPassword)
}

// adminPages manage staff, API tokens, walls and workflow templates, and
// search the access log.
func (s *server) adminPages(r chi.Router) {
	s.route(r, http.MethodGet, "/admin/staff", access.StaffManage, s.listStaff)
	s.route(r, http.MethodGet, "/admin/staff/new", access.StaffManage, s.newStaffForm)
	s.route(r, http.MethodPost, "/admin/staff", access.StaffManage, s.createStaff)
	s.route(r, http.MethodGet, "/admin/staff/{id}", access.StaffManage, s.showStaff)
	s.route(r, http.MethodPost, "/admin/staff/{id}/roles", access.StaffManage, s.changeStaffRoles)
	s.route(r, http.MethodPost, "/admin/staff/{id}/deactivate", access.StaffManage, s.deactivateStaff)
	s.route(r, http.MethodPost, "/admin/staff/{id}/reactivate", access.StaffManage, s.reactivateStaff)
	s.route(r, http.MethodPost, "/admin/staff/{id}/password", access.StaffManage, s.resetStaffPassword)
	s.route(r, http.MethodGet, "/admin/tokens", access.StaffManage, s.listTokens)
	s.route(r, http.MethodPost, "/admin/tokens", access.StaffManage, s.createToken)
	s.route(r, http.MethodPost, "/admin/tokens/{id}/revoke", access.StaffManage, s.revokeToken)
	s.route(r, http.MethodGet, "/admin/walls", access.WallManage, s.listWalls)
	s.route(r, http.MethodPost, "/admin/walls", access.WallManage, s.erectWall)
	s.route(r, http.MethodPost, "/admin/walls/{id}/lift", access.WallManage, s.liftWall)
	s.route(r, http.MethodGet, "/admin/access-log", access.AccessLogView, s.accessLogPage)
	s.route(r, http.MethodGet, "/admin/templates", access.TemplateManage, s.listTemplates)
	s.route(r, http.MethodGet, "/admin/templates/{area}", access.TemplateManage, s.editTemplate)
	s.route(r, http.MethodPost, "/admin/templates/{area}", access.TemplateManage, s.saveTemplate)
}

// apiRoutes are the JSON API under /api/v1.
func (s *server) apiRoutes(r chi.Router) {
	s.route(r, http.MethodPost, "/api/v1/contacts", access.ContactCreate, s.apiCreateContact)
	s.route(r, http.MethodGet, "/api/v1/contacts", access.ContactSearch, s.apiListContacts)
	s.route(r, http.MethodPost, "/api/v1/contacts/search", access.ContactSearch, s.apiSearchContacts)
	s.route(r, http.MethodGet, "/api/v1/contacts/{id}", access.ContactView, s.apiGetContact, s.unwalled)
	s.route(r, http.MethodPatch, "/api/v1/contacts/{id}", access.ContactEdit, s.apiPatchContact, s.unwalled)
}

// home sends a member to the first page their roles open.
func (s *server) home(w http.ResponseWriter, r *http.Request) {
	p, _ := principalOf(r.Context())
	target := "/account"
	for _, l := range navLinks {
		if p.can(l.Action) {
			target = l.Href
			break
		}
	}
	http.Redirect(w, r, target, http.StatusSeeOther)
}
