package integrations

import (
	"net/http"

	"github.com/go-chi/chi/v5"

	"github.com/klient-crm/klient/domain/access"
)

// API is the integration feed. Every member may ask (self): what they get
// is cut to the areas their roles read (areas), their matters and walls.
func (s *Handlers) API(r chi.Router) {
	s.Route(r, http.MethodGet, "/api/v1/feed", access.SelfService, s.apiFeed)
}
