package http

import "github.com/go-chi/chi/v5"

// reportsPages are the pages of dashboards and reports.
func (s *server) reportsPages(r chi.Router) {}

// reportsAPI is the JSON API of dashboards and reports.
func (s *server) reportsAPI(r chi.Router) {}
