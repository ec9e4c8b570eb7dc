package reports

import (
	"net/http"

	"github.com/go-chi/chi/v5"

	"github.com/klient-crm/klient/domain/access"
)

// Pages are the pages of dashboards and reports: the dashboard,
// one report whole, and one report as CSV (/reports/{name}.csv, told
// apart by its suffix in the handler: chi cannot hold both patterns).
func (s *Handlers) Pages(r chi.Router) {
	s.Route(r, http.MethodGet, "/reports", access.ReportView, s.reportsDashboard)
	s.Route(r, http.MethodGet, "/reports/{name}", access.ReportView, s.showReport)
}

// API is the JSON API of dashboards and reports: each report's
// table, for a client that draws its own.
func (s *Handlers) API(r chi.Router) {
	s.Route(r, http.MethodGet, "/api/v1/reports/{name}", access.ReportView, s.apiReport)
}
