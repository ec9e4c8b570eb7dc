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

// Pages are the administrators' webhooks: the list with the form for a
// new one, one webhook with its delivery log, resuming a paused one, a
// test message and an entry sent again by hand, and deleting one (asked
// first).
func (s *Handlers) Pages(r chi.Router) {
	s.Route(r, http.MethodGet, "/admin/webhooks", access.StaffManage, s.listWebhooks)
	s.Route(r, http.MethodPost, "/admin/webhooks", access.StaffManage, s.createWebhook)
	s.Route(r, http.MethodGet, "/admin/webhooks/{id}", access.StaffManage, s.showWebhook)
	s.Route(r, http.MethodPost, "/admin/webhooks/{id}/resume", access.StaffManage, s.resumeWebhook)
	s.Route(r, http.MethodPost, "/admin/webhooks/{id}/test", access.StaffManage, s.testWebhook)
	s.Route(r, http.MethodPost, "/admin/webhooks/{id}/deliveries/{event}/redeliver", access.StaffManage, s.redeliverWebhook)
	s.Route(r, http.MethodPost, "/admin/webhooks/{id}/delete", access.StaffManage, s.deleteWebhook, s.Confirm(s.askDeleteWebhook))
}
