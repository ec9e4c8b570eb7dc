package http

import (
	"net/http"

	"github.com/go-chi/chi/v5"

	"github.com/klient-crm/klient/domain"
)

// router assembles middleware and routes. Order matters: the recoverer sits
// right inside the access log (it asks the log's recorder whether a response
// began), the language is chosen before CSRF so a refusal is translated.
func (s *server) router() (chi.Router, error) {
	csrf, err := s.crossOrigin()
	if err != nil {
		return nil, err
	}
	r := chi.NewRouter()
	r.Use(correlate, accessLog(s.log), s.recoverer, securityHeaders, chooseLang, csrf)
	r.NotFound(func(w http.ResponseWriter, r *http.Request) { s.fail(w, r, domain.NotFound("no such page")) })
	r.MethodNotAllowed(func(w http.ResponseWriter, r *http.Request) {
		s.fail(w, r, &domain.Error{Kind: domain.KindInvalid, Message: "method not allowed", Err: errMethodNotAllowed})
	})
	r.Get("/healthz", s.healthz)
	r.Get("/readyz", s.readyz)
	r.Get("/api/openapi.json", s.openAPI)
	r.Get("/static/{file}", s.serveStatic)
	r.With(limitBody(s.cfg.MaxFormBytes)).Post("/lang", s.switchLang)
	r.Group(func(r chi.Router) {
		r.Use(limitBody(s.cfg.MaxFormBytes), s.requireActor)
		s.pageRoutes(r)
	})
	r.Group(func(r chi.Router) {
		r.Use(limitBody(s.cfg.MaxJSONBytes), s.requireActor)
		s.apiRoutes(r)
	})
	return r, nil
}

// pageRoutes are the server-rendered HTML pages.
func (s *server) pageRoutes(r chi.Router) {
	r.Get("/", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/contacts", http.StatusSeeOther)
	})
	r.Get("/contacts", s.listContacts)
	r.Post("/contacts/search", s.searchContacts)
	r.Get("/contacts/new", s.newContact)
	r.Post("/contacts", s.createContact)
	r.Get("/contacts/{id}", s.showContact)
	r.Get("/contacts/{id}/edit", s.editContact)
	r.Post("/contacts/{id}", s.updateContact)
	r.Post("/contacts/{id}/archive", s.archiveContact)
	r.Post("/contacts/{id}/reactivate", s.reactivateContact)
}

// apiRoutes are the JSON API under /api/v1.
func (s *server) apiRoutes(r chi.Router) {
	r.Post("/api/v1/contacts", s.apiCreateContact)
	r.Get("/api/v1/contacts", s.apiListContacts)
	r.Post("/api/v1/contacts/search", s.apiSearchContacts)
	r.Get("/api/v1/contacts/{id}", s.apiGetContact)
	r.Patch("/api/v1/contacts/{id}", s.apiPatchContact)
}
