package http

import (
	"encoding/json"
	"log/slog"
	"net/http"
	"strings"
)

// fail answers err the way the caller reads: a problem document for API
// clients, an error page for browsers. Handlers with a form to re-show use
// classify directly instead.
func (s *server) fail(w http.ResponseWriter, r *http.Request, err error) {
	if wantsProblem(r) {
		s.writeProblem(w, r, err)
		return
	}
	p := s.problemFor(r, err)
	s.renderPage(w, r, p.Status, "error", errorPage{Problem: p})
}

// wantsProblem: everything under /api and the probes speak JSON, as does a
// client that asks for JSON and not HTML.
func wantsProblem(r *http.Request) bool {
	if strings.HasPrefix(r.URL.Path, "/api/") || r.URL.Path == "/healthz" || r.URL.Path == "/readyz" {
		return true
	}
	accept := r.Header.Get("Accept")
	return strings.Contains(accept, "json") && !strings.Contains(accept, "text/html")
}

// problemFor classifies err for this request and logs what the reader will
// not see: the cause of a 5xx in full, anything else briefly.
func (s *server) problemFor(r *http.Request, err error) problem {
	p := classify(err, langOf(r.Context()))
	p.CorrelationID = CorrelationID(r.Context())
	s.log.LogAttrs(r.Context(), levelOf(r, p.Status), "request failed",
		slog.Int("status", p.Status),
		slog.String("route", routePattern(r)),
		slog.String("error", loggable(err)),
		slog.String("correlation_id", p.CorrelationID))
	return p
}

// writeProblem sends err as application/problem+json.
func (s *server) writeProblem(w http.ResponseWriter, r *http.Request, err error) {
	sendProblem(w, s.problemFor(r, err))
}

// commandFailed sends a command's error, naming its fields as the request
// body does (the domain's "emails[1].address" is the API's
// "details.emails[1].address").
func (s *server) commandFailed(w http.ResponseWriter, r *http.Request, err error) {
	p := s.problemFor(r, err)
	for i := range p.Errors {
		p.Errors[i].Field = apiField(p.Errors[i].Field)
	}
	sendProblem(w, p)
}

func sendProblem(w http.ResponseWriter, p problem) {
	w.Header().Set("Content-Type", "application/problem+json")
	w.WriteHeader(p.Status)
	_ = json.NewEncoder(w).Encode(p)
}

// writeJSON sends v with status; encoding our own types cannot fail short of
// a broken connection, which nobody could be told about anyway.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// errorPage is the view of the page shown for an error no form can show.
type errorPage struct {
	Problem problem
}
