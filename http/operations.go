package http

import (
	"context"
	_ "embed"
	"net/http"
	"time"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/http/web"
)

// readinessTimeout keeps a hung database from hanging the load balancer's
// probe too.
const readinessTimeout = 2 * time.Second

type probeStatus struct {
	Status string `json:"status"`
}

// healthz says only that the process is alive and serving.
func (s *server) healthz(w http.ResponseWriter, r *http.Request) {
	web.WriteJSON(w, http.StatusOK, probeStatus{Status: "ok"})
}

// readyz asks Deps.Ready whether the database answers and no projector has
// failed; the reason for a "no" goes to the log, not to the prober.
func (s *server) readyz(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), readinessTimeout)
	defer cancel()
	if err := s.deps.Ready(ctx); err != nil {
		s.WriteProblem(w, r, &domain.Error{Kind: domain.KindInternal, Message: "not ready", Err: wrapUnavailable(err)})
		return
	}
	web.WriteJSON(w, http.StatusOK, probeStatus{Status: "ready"})
}

func wrapUnavailable(err error) error { return &unavailable{err} }

// unavailable marks a readiness failure (503) while keeping its cause for
// the log.
type unavailable struct{ cause error }

func (u *unavailable) Error() string   { return "not ready: " + u.cause.Error() }
func (u *unavailable) Unwrap() []error { return []error{web.ErrUnavailable, u.cause} }

// openAPIDocument describes every route the router serves; a test walks the
// router and the document and fails when they disagree.
//
//go:embed openapi.json
var openAPIDocument []byte

func (s *server) openAPI(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-cache")
	_, _ = w.Write(openAPIDocument)
}
