package http

import "github.com/go-chi/chi/v5"

// auditPages are the pages of the audit trail and history as of a date.
func (s *server) auditPages(r chi.Router) {}

// auditAPI is the JSON API of the audit trail and history as of a date.
func (s *server) auditAPI(r chi.Router) {}
