package integrations

import (
	"net/http"

	"github.com/go-chi/chi/v5"

	"github.com/klient-crm/klient/domain/access"
)

// API is the integration feed — every member may ask (self): what they get
// is cut to the areas their roles read (areas), their matters and walls —
// and an administrator's test message and redelivery of a webhook, as its
// page has them.
func (s *Handlers) API(r chi.Router) {
	s.Route(r, http.MethodGet, "/api/v1/feed", access.SelfService, s.apiFeed)
	s.Route(r, http.MethodPost, "/api/v1/webhooks/{id}/test", access.StaffManage, s.apiTestWebhook)
	s.Route(r, http.MethodPost, "/api/v1/webhooks/{id}/deliveries/{event}/redeliver", access.StaffManage, s.apiRedeliver)
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
