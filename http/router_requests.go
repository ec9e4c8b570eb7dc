package http

import "github.com/go-chi/chi/v5"

// requestsPages are the pages of the register of data-subject requests, access packages, erasure and the deletion log.
func (s *server) requestsPages(r chi.Router) {}

// requestsAPI is the JSON API of the register of data-subject requests, access packages, erasure and the deletion log.
func (s *server) requestsAPI(r chi.Router) {}
