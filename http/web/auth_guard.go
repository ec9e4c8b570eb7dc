package web

import (
	"log/slog"
	"net/http"
	"slices"
	"strings"

	"github.com/go-chi/chi/v5"
	"github.com/google/uuid"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/access"
	"github.com/klient-crm/klient/domain/matter"
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
// refused, never what they asked for. A refusal by need-to-know (a wall, a
// matter not theirs, a restricted person, a role) also goes into the
// access log with its target, for the DPO and auditors; the refused member
// never finds it there.
func (s *Kit) Refused(r *http.Request, staffID, reason string) {
	s.log.LogAttrs(r.Context(), slog.LevelWarn, "request refused",
		slog.String("reason", reason),
		slog.String("method", r.Method),
		slog.String("route", MatchedRoute(r)),
		slog.String("staff_id", staffID),
		slog.String("correlation_id", CorrelationID(r.Context())))
	if staffID != "" && slices.Contains(needToKnowRefusals, reason) {
		s.recordRefusal(r, staffID, reason)
	}
}

// needToKnowRefusals are the refusals the access log records.
var needToKnowRefusals = []string{"walled", "not_visible", "restricted", "forbidden"}

func (s *Kit) recordRefusal(r *http.Request, staffID, reason string) {
	p, _ := PrincipalOf(r.Context())
	err := s.deps.AccessLog.Record(r.Context(), accesslog.Entry{StaffID: staffID, Subjects: refusalTarget(r),
		Route: MatchedRoute(r), Action: p.Action, CorrelationID: CorrelationID(r.Context()), Via: ViaOf(r), Refused: reason})
	if err != nil {
		s.log.LogAttrs(r.Context(), slog.LevelWarn, "refusal not recorded in the access log",
			slog.String("error", domain.Loggable(err)), slog.String("correlation_id", CorrelationID(r.Context())))
	}
}

// refusalTarget is the data subject a refused route names by its {id}: a
// contact, or a matter's subject. Only a UUID is written: the path is the
// caller's to type, and a name typed there would be personal data.
func refusalTarget(r *http.Request) []string {
	u, err := uuid.Parse(chi.URLParam(r, "id"))
	if err != nil {
		return nil
	}
	id := u.String()
	switch route := MatchedRoute(r); {
	case strings.Contains(route, "/contacts/{id}"):
		return []string{id}
	case strings.Contains(route, "/matters/{id}"):
		return []string{matter.Subject(id)}
	}
	return nil
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
