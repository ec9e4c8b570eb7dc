package http

import (
	"net/http"
	"slices"
	"strings"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/access"
	"github.com/klient-crm/klient/http/web"
)

// router assembles middleware and routes. Order matters: the recoverer sits
// right inside the access log (it asks the log's recorder whether a response
// began), the language is chosen before CSRF so a refusal is translated.
// Every route is registered with route (one access.Action, checked by the
// guard) or public; TestRouteMatrix fails on any other.
func (s *server) router() (chi.Router, error) {
	csrf, err := s.CrossOrigin()
	if err != nil {
		return nil, err
	}
	r := chi.NewRouter()
	// HEAD is answered wherever GET is (RFC 9110 §9.1: monitors and link
	// checkers send it); the server sends the headers only. A path with
	// bytes no text holds is made plain (it then names nothing, as an
	// unknown ID); a query with them is refused.
	r.Use(web.Correlate, web.LogAccess(s.log), s.Recoverer, web.SecurityHeaders, web.ChooseLang, web.PlainPath,
		s.RefuseUnreadable, csrf, middleware.GetHead)
	r.NotFound(func(w http.ResponseWriter, r *http.Request) { s.Fail(w, r, domain.NotFound("no such page")) })
	r.MethodNotAllowed(func(w http.ResponseWriter, req *http.Request) {
		w.Header().Set("Allow", allowed(r, req))
		s.Fail(w, req, &domain.Error{Kind: domain.KindInvalid, Message: "method not allowed", Err: web.ErrMethodNotAllowed})
	})
	s.publicRoutesOn(r)
	r.Group(func(r chi.Router) {
		r.Use(web.LimitBody(s.cfg.MaxFormBytes))
		s.Route(r, http.MethodGet, "/", access.SelfService, s.home)
		s.contacts.Pages(r)
		s.auth.Pages(r)
		s.admin.Pages(r)
		s.casework.MatterPages(r)
		s.casework.WorkPages(r)
		s.contacts.PrivacyPages(r)
		s.contacts.CampaignPages(r)
		s.requests.Pages(r)
		s.dpo.Pages(r)
		s.cdd.Pages(r)
		s.audit.Pages(r)
		s.reports.Pages(r)
		s.integrations.Pages(r)
	})
	r.Group(func(r chi.Router) {
		r.Use(web.LimitBody(s.cfg.MaxJSONBytes))
		s.contacts.API(r)
		s.casework.API(r)
		s.admin.API(r)
		s.contacts.PrivacyAPI(r)
		s.contacts.CampaignAPI(r)
		s.requests.API(r)
		s.dpo.API(r)
		s.cdd.API(r)
		s.reports.API(r)
		s.integrations.API(r)
	})
	r.Group(func(r chi.Router) {
		r.Use(web.LimitBody(s.UploadLimit()))
		s.casework.Uploads(r)
		s.contacts.Uploads(r)
		s.cdd.Uploads(r)
		s.dpo.Uploads(r)
	})
	return r, nil
}

// publicRoutesOn are the routes anyone may call.
func (s *server) publicRoutesOn(r chi.Router) {
	s.Public(r, http.MethodGet, "/healthz", s.healthz)
	s.Public(r, http.MethodGet, "/readyz", s.readyz)
	s.Public(r, http.MethodGet, "/api/openapi.json", s.openAPI)
	s.Public(r, http.MethodGet, "/static/{file}", s.ServeStatic)
	r.Group(func(r chi.Router) {
		r.Use(web.LimitBody(s.cfg.MaxFormBytes))
		s.Public(r, http.MethodPost, "/lang", s.SwitchLang)
		s.auth.SignInPages(r)
		s.casework.CalendarPages(r)
		s.contacts.PublicPages(r)
		s.dpo.PublicPages(r)
	})
}

// home sends a member to the first page their roles open.
func (s *server) home(w http.ResponseWriter, r *http.Request) {
	p, _ := web.PrincipalOf(r.Context())
	target := "/account"
	for _, l := range web.NavLinks {
		if p.Can(l.Action) {
			target = l.Href
			break
		}
	}
	http.Redirect(w, r, target, http.StatusSeeOther)
}

// allowed is the Allow header of a 405 (RFC 9110 §15.5.6): the methods
// the request's address takes, HEAD with GET.
func allowed(routes chi.Routes, r *http.Request) string {
	path := r.URL.RawPath
	if path == "" {
		path = r.URL.Path
	}
	var methods []string
	for _, m := range []string{http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete} {
		if routes.Match(chi.NewRouteContext(), m, path) || (m == http.MethodHead && slices.Contains(methods, http.MethodGet)) {
			methods = append(methods, m)
		}
	}
	return strings.Join(methods, ", ")
}
