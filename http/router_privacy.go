package http

import "github.com/go-chi/chi/v5"

// privacyPages are the pages of a person's lawful bases, consents, objection and restriction.
func (s *server) privacyPages(r chi.Router) {}

// privacyAPI is the JSON API of a person's lawful bases, consents, objection and restriction.
func (s *server) privacyAPI(r chi.Router) {}

// publicPrivacy are the pages a data subject reaches without signing in
// (the consent-withdrawal link).
func (s *server) publicPrivacy(r chi.Router) {}
