package web

import (
	"encoding/json"
	"log/slog"
	"net/http"
	"strings"

	"github.com/klient-crm/klient/domain"
)

// Fail answers err the way the caller reads: a problem document for API
// clients, an error page for browsers. Handlers with a form to re-show use
// classify directly instead.
func (s *Kit) Fail(w http.ResponseWriter, r *http.Request, err error) {
	if WantsProblem(r) {
		s.WriteProblem(w, r, err)
		return
	}
	p := s.ProblemFor(r, err)
	if p.Status == http.StatusServiceUnavailable {
		w.Header().Set("Retry-After", RetryAfterOutage)
	}
	s.RenderPage(w, r, p.Status, "error", ErrorPage{Problem: p})
}

// WantsProblem: everything under /api and the probes speak JSON, as does a
// client that asks for JSON and not HTML.
func WantsProblem(r *http.Request) bool {
	if strings.HasPrefix(r.URL.Path, "/api/") || r.URL.Path == "/healthz" || r.URL.Path == "/readyz" {
		return true
	}
	accept := r.Header.Get("Accept")
	return strings.Contains(accept, "json") && !strings.Contains(accept, "text/html")
}

// ProblemFor classifies err for this request and logs what the reader will
// not see: the cause of a 5xx in full, anything else briefly.
func (s *Kit) ProblemFor(r *http.Request, err error) Problem {
	p := Classify(err, LangOf(r.Context()))
	p.CorrelationID = CorrelationID(r.Context())
	s.log.LogAttrs(r.Context(), LevelOf(r, p.Status), "request failed",
		slog.Int("status", p.Status),
		slog.String("route", RoutePattern(r)),
		slog.String("error", domain.Loggable(err)),
		slog.String("correlation_id", p.CorrelationID))
	return p
}

// WriteProblem sends err as application/problem+json.
func (s *Kit) WriteProblem(w http.ResponseWriter, r *http.Request, err error) {
	SendProblem(w, s.ProblemFor(r, err))
}

func SendProblem(w http.ResponseWriter, p Problem) {
	if p.Status == http.StatusServiceUnavailable && w.Header().Get("Retry-After") == "" {
		w.Header().Set("Retry-After", RetryAfterOutage)
	}
	w.Header().Set("Content-Type", "application/problem+json")
	w.WriteHeader(p.Status)
	_ = json.NewEncoder(w).Encode(p)
}

// WriteJSON sends v with status; encoding our own types cannot fail short of
// a broken connection, which nobody could be told about anyway.
func WriteJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// ErrorPage is the view of the page shown for an error no form can show.
type ErrorPage struct {
	Problem Problem
}
