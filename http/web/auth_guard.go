package web

import (
	"log/slog"
	"net/http"
	"strings"

	"github.com/go-chi/chi/v5"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/access"
	"github.com/klient-crm/klient/projections/accesslog"
)

// ErrNotAllowed answers a signed-in member whose roles do not allow the
// route's action.
var ErrNotAllowed = domain.Forbidden("your roles do not allow this").WithCode("auth.not_allowed")

// Route registers one route with the one action it takes. The guard in
// front of it signs the caller in (session or token) and checks the action
// against access.Allows before the handler runs: no handler checks roles
// itself, and TestRouteMatrix refuses a route registered any other way.
func (s *Kit) Route(r chi.Router, method, pattern string, action access.Action, h http.HandlerFunc,
	mw ...func(http.Handler) http.Handler) {
	s.actions[method+" "+pattern] = action
	r.With(append([]func(http.Handler) http.Handler{s.Guard(action)}, mw...)...).Method(method, pattern, h)
}

// Public registers a route anyone may call: sign-in, probes, static files.
func (s *Kit) Public(r chi.Router, method, pattern string, h http.HandlerFunc) {
	s.publicRoutes[method+" "+pattern] = true
	r.Method(method, pattern, h)
}

// Guard authenticates the request and authorises action.
func (s *Kit) Guard(action access.Action) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			p, err := s.Authenticate(r)
			if err != nil {
				s.Unauthenticated(w, r, err)
				return
			}
			if !p.Can(action) {
				s.Refused(r, p.StaffID, "forbidden")
				s.Fail(w, r, ErrNotAllowed)
				return
			}
			p.Action, p.Memo = action, &RequestMemo{}
			next.ServeHTTP(w, WithPrincipal(r, p))
		})
	}
}

// IsAPI: the JSON API answers 401 problems and accepts Bearer tokens.
func IsAPI(r *http.Request) bool { return strings.HasPrefix(r.URL.Path, "/api/") }

func ViaOf(r *http.Request) accesslog.Via {
	if IsAPI(r) {
		return accesslog.ViaAPI
	}
	return accesslog.ViaPage
}

// Refused writes the warning every refusal leaves: the route and who was
// refused, never what they asked for.
func (s *Kit) Refused(r *http.Request, staffID, reason string) {
	s.log.LogAttrs(r.Context(), slog.LevelWarn, "request refused",
		slog.String("reason", reason),
		slog.String("method", r.Method),
		slog.String("route", MatchedRoute(r)),
		slog.String("staff_id", staffID),
		slog.String("correlation_id", CorrelationID(r.Context())))
}

// MatchedRoute is the route pattern, also for middleware that runs before
// chi has routed the request (the CSRF check).
func MatchedRoute(r *http.Request) string {
	if p := RoutePattern(r); p != "(unmatched)" {
		return p
	}
	if rc := chi.RouteContext(r.Context()); rc != nil && rc.Routes != nil {
		if p := rc.Routes.Find(chi.NewRouteContext(), r.Method, r.URL.Path); p != "" {
			return p
		}
	}
	return "(unmatched)"
}

// KnownStaffID is who the session cookie says the caller is, for a
// refusal's log line before the guard has run; "" when it says nothing.
func (s *Kit) KnownStaffID(r *http.Request) string {
	token := s.SessionToken(r)
	if token == "" || s.deps.Credentials == nil {
		return ""
	}
	sess, err := s.deps.Credentials.LookupSession(r.Context(), token)
	if err != nil {
		return ""
	}
	return sess.StaffID
}
