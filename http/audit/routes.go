package audit

import (
	"net/http"

	"github.com/go-chi/chi/v5"

	"github.com/klient-crm/klient/domain/access"
)

// Pages are the pages of the audit trail and history as of a date,
// read-only. A contact's history passes the wall check (unwalled) like
// every contact route; a matter's checks its walls itself, since it must
// also weigh the clients the matter had then. The trail's filter form
// posts to /audit, so the words typed to find a person or a matter stay
// out of URLs.
func (s *Handlers) Pages(r chi.Router) {
	s.Route(r, http.MethodGet, "/audit", access.AuditView, s.showAuditTrail)
	s.Route(r, http.MethodPost, "/audit", access.AuditView, s.pickAuditFilter)
	s.Route(r, http.MethodGet, "/audit/trail.csv", access.AuditView, s.exportAuditTrail)
	s.Route(r, http.MethodGet, "/audit/matters/{id}", access.AuditView, s.showAuditMatter)
	s.Route(r, http.MethodGet, "/audit/contacts/{id}", access.AuditView, s.showAuditContact, s.Unwalled)
	s.Route(r, http.MethodGet, "/audit/streams/{stream}", access.AuditView, s.showAuditStream)
}
