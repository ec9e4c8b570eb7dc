package web

import (
	"context"
	"errors"
	"log/slog"
	"math"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/google/uuid"

	"github.com/klient-crm/klient/commands/journal"
	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/access"
	"github.com/klient-crm/klient/domain/matter"
	"github.com/klient-crm/klient/http/i18n"
	"github.com/klient-crm/klient/projections/accesslog"
	"github.com/klient-crm/klient/projections/staff"
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
	scope := APIScopes[method+" "+pattern]
	r.With(append([]func(http.Handler) http.Handler{s.Guard(action, scope)}, mw...)...).Method(method, pattern, h)
}

// Public registers a route anyone may call: sign-in, probes, static files.
func (s *Kit) Public(r chi.Router, method, pattern string, h http.HandlerFunc) {
	s.publicRoutes[method+" "+pattern] = true
	r.Method(method, pattern, h)
}

// Guard authenticates the request and authorises action, and for an API
// token also scope (APIScopes; "" refuses every token).
func (s *Kit) Guard(action access.Action, scope access.Scope) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			p, err := s.Authenticate(r)
			if err != nil {
				s.Unauthenticated(w, r, err)
				return
			}
			if p.TokenID != "" {
				noteToken(w, p.TokenID)
			}
			if !s.limitToken(w, r, p) {
				return
			}
			if !p.Can(action) {
				s.Refused(WithPrincipal(r, p), p.StaffID, "forbidden") // the principal: its token is logged
				s.Fail(w, r, ErrNotAllowed)
				return
			}
			if p.TokenID != "" && (scope == "" || !p.TokenAllows(scope)) {
				s.Refused(r, p.StaffID, "token_scope")
				s.refuseScope(w, r, scope)
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
		Route: MatchedRoute(r), Action: p.Action, CorrelationID: CorrelationID(r.Context()), Via: ViaOf(r), Refused: reason,
		TokenID: tokenOf(r, ViaOf(r))})
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

// Session cookie names. Behind TLS the cookie carries the __Host- prefix,
// which makes the browser refuse it unless it is Secure, host-only and for
// Path=/ (no subdomain can plant or read it). A browser refuses a Secure
// cookie over plain HTTP, so a development server on http://localhost
// (Config.SecureCookies false) uses the bare name instead.
const (
	SessionCookieSecure = "__Host-klient_session"
	SessionCookieDev    = "klient_session"
)

// ErrSignInRequired answers a request that carries no live session or
// token: 401 for the API, a redirect to /login for pages.
var ErrSignInRequired = &domain.Error{Kind: domain.KindForbidden, Message: "sign-in required", Err: ErrUnauthenticated}

func (s *Kit) SessionCookieName() string {
	if s.cfg.SecureCookies {
		return SessionCookieSecure
	}
	return SessionCookieDev
}

// SetSessionCookie hands the browser a session token: HttpOnly (no script
// reads it), SameSite=Lax (no other site's form posts it), for the whole
// site and only for this browser session.
func (s *Kit) SetSessionCookie(w http.ResponseWriter, token string) {
	http.SetCookie(w, &http.Cookie{Name: s.SessionCookieName(), Value: token, Path: "/",
		HttpOnly: true, Secure: s.cfg.SecureCookies, SameSite: http.SameSiteLaxMode})
}

func (s *Kit) ClearSessionCookie(w http.ResponseWriter) {
	http.SetCookie(w, &http.Cookie{Name: s.SessionCookieName(), Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, Secure: s.cfg.SecureCookies, SameSite: http.SameSiteLaxMode})
}

// SessionToken is the token the browser sent, or "".
func (s *Kit) SessionToken(r *http.Request) string {
	if c, err := r.Cookie(s.SessionCookieName()); err == nil {
		return c.Value
	}
	return ""
}

// Authenticate finds who the request acts for: a Bearer token (API only)
// or the session cookie. Roles and teams come from the staff read model on
// every request, so a change or a deactivation counts at once.
func (s *Kit) Authenticate(r *http.Request) (Principal, error) {
	ctx := r.Context()
	if secret, ok := Bearer(r); ok && IsAPI(r) {
		return s.TokenPrincipal(ctx, secret)
	}
	token := s.SessionToken(r)
	if token == "" {
		return Principal{}, ErrSignInRequired
	}
	sess, err := s.deps.Credentials.LookupSession(ctx, token)
	if err != nil {
		return Principal{}, err
	}
	m, err := s.ActiveMember(ctx, sess.StaffID)
	if err != nil {
		if domain.KindOf(err) != domain.KindInternal {
			_ = s.deps.Credentials.EndSession(ctx, token) // a deactivated member's session ends here too
		}
		return Principal{}, err
	}
	return Principal{StaffID: m.ID, Name: m.Name, Roles: m.Roles, Teams: m.Teams, Via: ViaOf(r), SessionToken: token,
		SessionID: sess.ID}, nil
}

// TokenPrincipal acts for the token's creator, with the token's roles and
// the creator's teams (so the creator's walls bind the token too). A token
// stops working when its creator is deactivated.
func (s *Kit) TokenPrincipal(ctx context.Context, secret string) (Principal, error) {
	tok, err := s.deps.Credentials.LookupToken(ctx, secret)
	if err != nil {
		return Principal{}, err
	}
	m, err := s.ActiveMember(ctx, tok.CreatedBy)
	if err != nil {
		return Principal{}, err
	}
	return Principal{StaffID: m.ID, Name: m.Name, Roles: tok.Roles, Teams: m.Teams, Via: accesslog.ViaAPI,
		TokenID: tok.ID, TokenScopes: tok.Scopes}, nil
}

// errInactive: the member was deactivated or erased after signing in.
var errInactive = domain.Forbidden("the account may no longer sign in").WithCode("auth.session_expired")

func (s *Kit) ActiveMember(ctx context.Context, id string) (staff.Member, error) {
	m, err := s.deps.Staff.Get(ctx, id)
	switch {
	case err != nil && domain.KindOf(err) == domain.KindInternal:
		return staff.Member{}, err
	case err != nil || !m.Active:
		return staff.Member{}, errInactive
	}
	return m, nil
}

func Bearer(r *http.Request) (string, bool) {
	scheme, secret, ok := strings.Cut(r.Header.Get("Authorization"), " ")
	return strings.TrimSpace(secret), ok && strings.EqualFold(scheme, "Bearer")
}

// Unauthenticated answers a request nobody is signed in for. A database
// failure is a 500, not a sign-in prompt; a page request goes to /login
// and comes back to the page it asked for.
func (s *Kit) Unauthenticated(w http.ResponseWriter, r *http.Request, err error) {
	if domain.KindOf(err) == domain.KindInternal {
		s.Fail(w, r, err)
		return
	}
	if s.SessionToken(r) != "" {
		s.ClearSessionCookie(w)
	}
	if WantsProblem(r) {
		w.Header().Set("WWW-Authenticate", `Bearer realm="klient"`)
		var de *domain.Error
		if errors.As(err, &de) && de.Code == "auth.token_expired" {
			// The one 401 that says why: the token is good but old, and
			// its holder needs a new one, not a fix of their client.
			w.Header().Set("WWW-Authenticate", `Bearer realm="klient", error="invalid_token", error_description="token expired"`)
			s.Fail(w, r, &domain.Error{Kind: de.Kind, Code: de.Code, Message: de.Message, Err: ErrUnauthenticated})
			return
		}
		s.Fail(w, r, errors.Join(ErrSignInRequired, err))
		return
	}
	target := "/login"
	if r.Method == http.MethodGet && r.URL.Path != "/" {
		target += "?next=" + url.QueryEscape(r.URL.Path)
	}
	http.Redirect(w, r, target, http.StatusSeeOther)
}

// Principal is who a request acts for: a signed-in staff member, or an API
// token acting for the member who created it, limited to the token's roles.
type Principal struct {
	StaffID string
	Name    string // for the page header only; never logged
	Roles   []access.Role
	Teams   []string
	Via     accesslog.Via // page (session cookie) or api (session or token)
	TokenID string        // set when a Bearer token authenticated the request
	// TokenScopes are the token's scopes (nil: every scope, a token made
	// before scopes).
	TokenScopes []access.Scope
	// SessionToken is the session token, for sign-out.
	SessionToken string
	SessionID    string        // the session's public handle, to tell this browser in a list
	Action       access.Action // the action of the route being served
	Memo         *RequestMemo  // what this request has already looked up
}

// Can reports whether the principal's roles allow action.
func (p Principal) Can(action access.Action) bool { return access.Allows(p.Roles, action) }

// Viewer is the principal as the wall policy sees them.
func (p Principal) Viewer() access.Viewer { return access.Viewer{StaffID: p.StaffID, Teams: p.Teams} }

func WithPrincipal(r *http.Request, p Principal) *http.Request {
	return r.WithContext(context.WithValue(r.Context(), principalKey, p))
}

// PrincipalOf returns who the request acts for; ok is false on the public
// routes.
func PrincipalOf(ctx context.Context) (Principal, bool) {
	p, ok := ctx.Value(principalKey).(Principal)
	return p, ok
}

// ActorOf is the signed-in member as commands record them: every route
// that writes is behind the guard, so the ID is never empty there.
func ActorOf(ctx context.Context) journal.Actor {
	p, _ := PrincipalOf(ctx)
	return journal.Actor{ID: p.StaffID, CorrelationID: CorrelationID(ctx)}
}

// Actor is the actor of the command a request makes: who acts, the
// correlation ID, and the contacts they may not know of (walls, read once
// and only when a command asks), so that a command answers about a walled
// contact exactly as about an unknown ID. Should the walls not be read,
// every contact is unseen: the command refuses rather than reveals. To
// all but the DPO a restricted person is Restricted: no new link to them.
func (s *Kit) Actor(r *http.Request) journal.Actor {
	a := ActorOf(r.Context())
	var once sync.Once
	var hidden HiddenSet
	var err error
	a.Unseen = func(id string) bool {
		once.Do(func() { hidden, err = s.Hidden(r) })
		return err != nil || hidden.Has(id)
	}
	if p, _ := PrincipalOf(r.Context()); !p.Can(access.GDPRManage) {
		a.Restricted = func(id string) bool {
			_, err := s.deps.Contacts.Get(r.Context(), strings.ToLower(strings.TrimSpace(id)))
			// an unanswered read refuses rather than links
			return HasCode(err, RestrictedCode) || (err != nil && !errors.As(err, new(*domain.Error)))
		}
	}
	return a
}

// APIScopes is the one table of which scope each API route needs of a
// token, "METHOD /pattern" as the route is registered. A token acts only
// where both its scopes and its roles allow: the scope says what the
// integration is for, the roles (and its member's walls and teams) what
// it may see. TestEveryAPIRouteHasAScope fails on an API route missing
// here and on an entry no route has; a route missing here would refuse
// every token.
var APIScopes = map[string]access.Scope{
	"GET /api/v1/contacts":                               access.ScopeContactsRead,
	"POST /api/v1/contacts/search":                       access.ScopeContactsRead,
	"GET /api/v1/contacts/{id}":                          access.ScopeContactsRead,
	"POST /api/v1/contacts":                              access.ScopeContactsWrite,
	"PATCH /api/v1/contacts/{id}":                        access.ScopeContactsWrite,
	"GET /api/v1/matters":                                access.ScopeMattersRead,
	"GET /api/v1/matters/{id}":                           access.ScopeMattersRead,
	"GET /api/v1/matters/{id}/parties":                   access.ScopeMattersRead,
	"POST /api/v1/matters":                               access.ScopeMattersWrite,
	"PATCH /api/v1/matters/{id}":                         access.ScopeMattersWrite,
	"POST /api/v1/matters/{id}/parties":                  access.ScopeMattersWrite,
	"POST /api/v1/matters/{id}/conflict-checks":          access.ScopeMattersWrite,
	"POST /api/v1/matters/{id}/conflict-checks/decision": access.ScopeMattersWrite,
	"GET /api/v1/staff/{id}/lateral-hire-checks":         access.ScopeMattersRead,
	"POST /api/v1/staff/{id}/lateral-hire-checks":        access.ScopeMattersWrite,
	"POST /api/v1/matters/{id}/activate":                 access.ScopeMattersWrite,
	"POST /api/v1/matters/{id}/archive":                  access.ScopeMattersWrite,
	"POST /api/v1/matters/{id}/notes":                    access.ScopeMattersWrite,
	"GET /api/v1/communications":                         access.ScopeCommunicationsRead,
	"POST /api/v1/communications":                        access.ScopeCommunicationsWrite,
	"PATCH /api/v1/communications/{id}":                  access.ScopeCommunicationsWrite,
	"GET /api/v1/communications/{id}":                    access.ScopeCommunicationsRead,
	"GET /api/v1/communications/{id}/special-category":   access.ScopeCommunicationsRead,
	"PUT /api/v1/communications/{id}/special-category":   access.ScopeCommunicationsWrite,
	"GET /api/v1/tasks":                                  access.ScopeTasksRead,
	"POST /api/v1/tasks":                                 access.ScopeTasksWrite,
	"PATCH /api/v1/tasks/{id}":                           access.ScopeTasksWrite,
	"POST /api/v1/tasks/{id}/complete":                   access.ScopeTasksWrite,
	"POST /api/v1/tasks/{id}/cancel":                     access.ScopeTasksWrite,
	"GET /api/v1/deadlines":                              access.ScopeDeadlinesRead,
	"POST /api/v1/deadlines":                             access.ScopeDeadlinesWrite,
	"PATCH /api/v1/deadlines/{id}":                       access.ScopeDeadlinesWrite,
	"POST /api/v1/deadlines/{id}/cancel":                 access.ScopeDeadlinesWrite,
	"GET /api/v1/documents/{id}":                         access.ScopeDocumentsRead,
	"GET /api/v1/documents/{id}/special-category":        access.ScopeDocumentsRead,
	"PUT /api/v1/documents/{id}/special-category":        access.ScopeDocumentsWrite,
	"POST /api/v1/documents":                             access.ScopeDocumentsWrite,
	// A person's privacy panel and the DPO's register are GDPR's, not the
	// contact's: an integration that keeps addresses in step needs no
	// consents, and one that files requests needs no contacts.
	"GET /api/v1/contacts/{id}/privacy":                      access.ScopeGDPRRead,
	"GET /api/v1/contacts/{id}/special-category":             access.ScopeGDPRRead,
	"PUT /api/v1/contacts/{id}/special-category":             access.ScopeGDPRWrite,
	"POST /api/v1/contacts/{id}/lawful-bases":                access.ScopeGDPRWrite,
	"POST /api/v1/contacts/{id}/consents":                    access.ScopeGDPRWrite,
	"POST /api/v1/contacts/{id}/consents/{consent}/withdraw": access.ScopeGDPRWrite,
	"POST /api/v1/contacts/{id}/objection":                   access.ScopeGDPRWrite,
	"POST /api/v1/contacts/{id}/restriction":                 access.ScopeGDPRWrite,
	"POST /api/v1/contacts/{id}/restriction/lift":            access.ScopeGDPRWrite,
	"GET /api/v1/requests":                                   access.ScopeGDPRRead,
	"GET /api/v1/requests/{id}":                              access.ScopeGDPRRead,
	"GET /api/v1/subjects/{id}/export":                       access.ScopeGDPRRead,
	"GET /api/v1/erasures/{id}/certificate":                  access.ScopeGDPRRead,
	"POST /api/v1/subjects/{id}/requests":                    access.ScopeGDPRWrite,
	"POST /api/v1/requests/{id}/erasure":                     access.ScopeGDPRWrite,
	"GET /api/v1/reports/{name}":                             access.ScopeReportsRead,
	// Bulk work on contacts: an export only reads (sent by POST for its
	// filter), an import and a merge write.
	"POST /api/v1/contacts/export":                 access.ScopeContactsRead,
	"GET /api/v1/contacts/imports/{id}":            access.ScopeContactsRead,
	"POST /api/v1/contacts/imports":                access.ScopeContactsWrite,
	"POST /api/v1/contacts/imports/dry-run":        access.ScopeContactsWrite,
	"POST /api/v1/contacts/{id}/affiliations":      access.ScopeContactsWrite,
	"POST /api/v1/contacts/{id}/affiliations/end":  access.ScopeContactsWrite,
	"POST /api/v1/contacts/{id}/relationships":     access.ScopeContactsWrite,
	"POST /api/v1/contacts/{id}/relationships/end": access.ScopeContactsWrite,
	"POST /api/v1/contacts/{id}/merge":             access.ScopeContactsWrite,
	// Letters are written on a matter; a preview is part of writing one.
	"GET /api/v1/letter-templates":              access.ScopeMattersRead,
	"POST /api/v1/letter-templates":             access.ScopeMattersWrite,
	"PUT /api/v1/letter-templates/{id}":         access.ScopeMattersWrite,
	"POST /api/v1/matters/{id}/letters":         access.ScopeMattersWrite,
	"POST /api/v1/matters/{id}/letters/preview": access.ScopeMattersWrite,
	// The member's own queue of incoming e-mail to file (issue 15).
	"GET /api/v1/mail/held":               access.ScopeCommunicationsRead,
	"POST /api/v1/mail/held/{id}/file":    access.ScopeCommunicationsWrite,
	"POST /api/v1/mail/held/{id}/discard": access.ScopeCommunicationsWrite,
	// The marketing role's campaigns (issue 15); a preview is part of writing one.
	"GET /api/v1/campaigns":              access.ScopeCampaignsRead,
	"GET /api/v1/campaigns/{id}":         access.ScopeCampaignsRead,
	"POST /api/v1/campaigns/preview":     access.ScopeCampaignsWrite,
	"POST /api/v1/campaigns":             access.ScopeCampaignsWrite,
	"POST /api/v1/campaigns/{id}/cancel": access.ScopeCampaignsWrite,
	// A matter's automatic messages are e-mails to its clients, logged
	// in its communication log like every letter.
	"GET /api/v1/matters/{id}/automatic-messages": access.ScopeCommunicationsRead,
	"PUT /api/v1/matters/{id}/automatic-messages": access.ScopeCommunicationsWrite,
	// The DPO's registers: breaches, processors, the record of processing,
	// an erasure's mentions in others' files.
	"GET /api/v1/affected":                                  access.ScopeGDPRRead,
	"GET /api/v1/breaches":                                  access.ScopeGDPRRead,
	"GET /api/v1/breaches/{id}":                             access.ScopeGDPRRead,
	"POST /api/v1/breaches":                                 access.ScopeGDPRWrite,
	"PUT /api/v1/breaches/{id}/assessment":                  access.ScopeGDPRWrite,
	"POST /api/v1/breaches/{id}/decisions":                  access.ScopeGDPRWrite,
	"GET /api/v1/processing-record":                         access.ScopeGDPRRead,
	"PUT /api/v1/processing-record":                         access.ScopeGDPRWrite,
	"GET /api/v1/processors":                                access.ScopeGDPRRead,
	"POST /api/v1/processors":                               access.ScopeGDPRWrite,
	"PUT /api/v1/processors/{id}":                           access.ScopeGDPRWrite,
	"GET /api/v1/processors/{id}/agreements":                access.ScopeGDPRRead,
	"GET /api/v1/processors/{id}/agreements/{doc}":          access.ScopeGDPRRead,
	"POST /api/v1/processors/{id}/agreements":               access.ScopeGDPRWrite,
	"GET /api/v1/erasures/{id}/mentions/{entry}":            access.ScopeGDPRRead,
	"POST /api/v1/erasures/{id}/mentions/{entry}/redaction": access.ScopeGDPRWrite,
	// The DPO's impact assessments and access reviews (issue 16).
	"GET /api/v1/impact-assessments":              access.ScopeGDPRRead,
	"POST /api/v1/impact-assessments":             access.ScopeGDPRWrite,
	"GET /api/v1/impact-assessments/{id}":         access.ScopeGDPRRead,
	"PUT /api/v1/impact-assessments/{id}":         access.ScopeGDPRWrite,
	"GET /api/v1/access-reviews":                  access.ScopeGDPRRead,
	"POST /api/v1/access-reviews":                 access.ScopeGDPRWrite,
	"GET /api/v1/access-reviews/{id}":             access.ScopeGDPRRead,
	"POST /api/v1/access-reviews/{id}/decisions":  access.ScopeGDPRWrite,
	"POST /api/v1/access-reviews/{id}/completion": access.ScopeGDPRWrite,
	// The integration feed: what happened, by ID, to what the member may see.
	"GET /api/v1/feed":                                        access.ScopeFeedRead,
	"POST /api/v1/webhooks/{id}/test":                         access.ScopeWebhooksWrite,
	"POST /api/v1/webhooks/{id}/deliveries/{event}/redeliver": access.ScopeWebhooksWrite,
	// Customer due diligence (issue 17).
	"GET /api/v1/matters/{id}/due-diligence":                access.ScopeCDDRead,
	"POST /api/v1/matters/{id}/due-diligence":               access.ScopeCDDWrite,
	"PUT /api/v1/matters/{id}/due-diligence":                access.ScopeCDDWrite,
	"POST /api/v1/matters/{id}/due-diligence/screening":     access.ScopeCDDWrite,
	"POST /api/v1/matters/{id}/due-diligence/hits/{entry}":  access.ScopeCDDWrite,
	"POST /api/v1/matters/{id}/due-diligence/decision":      access.ScopeCDDWrite,
	"GET /api/v1/due-diligence/assessment":                  access.ScopeCDDRead,
	"PUT /api/v1/due-diligence/assessment":                  access.ScopeCDDWrite,
	"GET /api/v1/due-diligence/escalated":                   access.ScopeCDDRead,
	"GET /api/v1/due-diligence/watch":                       access.ScopeCDDRead,
	"GET /api/v1/due-diligence/report":                      access.ScopeCDDRead,
	"GET /api/v1/due-diligence/assessment/versions":         access.ScopeCDDRead,
	"GET /api/v1/matters/{id}/due-diligence/identity-copy":  access.ScopeCDDRead,
	"POST /api/v1/matters/{id}/due-diligence/identity-copy": access.ScopeCDDWrite,
	"GET /api/v1/due-diligence/records/{id}":                access.ScopeCDDRead,
	"POST /api/v1/due-diligence/records/{id}/decision":      access.ScopeCDDWrite,
	"POST /api/v1/due-diligence/lists":                      access.ScopeCDDWrite,
}

// TokenAllows reports whether the principal may use scope: always for a
// signed-in session (roles alone decide), for a token only within its
// scopes; a token made before scopes (Scopes nil) keeps them all.
func (p Principal) TokenAllows(scope access.Scope) bool {
	if p.TokenID == "" || p.TokenScopes == nil {
		return true
	}
	for _, s := range p.TokenScopes {
		if s == scope {
			return true
		}
	}
	return false
}

// errTokenScope: a token used beyond its scopes. Its detail names the
// scope (refuseScope), so the firm's IT knows which token to ask for.
var errTokenScope = domain.Forbidden("the API token lacks the scope this needs").WithCode("auth.token_scope")

// refuseScope answers 403 naming the missing scope. Whatever the route
// would have found is not looked at, so the answer says nothing of it.
func (s *Kit) refuseScope(w http.ResponseWriter, r *http.Request, scope access.Scope) {
	p := s.ProblemFor(r, errTokenScope)
	if scope == "" {
		scope = "?"
	}
	p.Detail = i18n.T(LangOf(r.Context()), "auth.token_scope", string(scope))
	SendProblem(w, p)
}

// Each API token has a token bucket: it holds up to Burst requests and
// refills at Rate a second, so an integration may send a burst after a
// quiet spell but not more than Rate a second for long, and one runaway
// script cannot take the firm's database from everyone else. The buckets
// are in memory, one set per instance: behind a load balancer with n
// instances a token gets up to n times the rate, which is still bounded;
// sharing them through PostgreSQL would cost a write per request.
const (
	DefaultAPIRate  = 20.0 // requests a second, per token
	DefaultAPIBurst = 40
)

// errRateLimited: a token used faster than its bucket refills (429 with
// Retry-After).
var errRateLimited = &domain.Error{Kind: domain.KindForbidden, Code: "api.rate_limited",
	Message: "too many requests with this API token; wait and send again", Err: ErrTooManyAttempts}

// tokenBuckets are the buckets of the tokens seen, by token ID. A bucket
// refilled to the brim holds nothing worth keeping, so the map is swept
// of those now and then and stays as large as the tokens in recent use.
type tokenBuckets struct {
	rate  float64
	burst float64
	now   func() time.Time

	mu      sync.Mutex
	buckets map[string]*bucket
	swept   time.Time
}

type bucket struct {
	level float64 // requests it may still take
	at    time.Time
}

func newTokenBuckets(rate float64, burst int, now func() time.Time) *tokenBuckets {
	return &tokenBuckets{rate: rate, burst: float64(burst), now: now, buckets: map[string]*bucket{}}
}

// take takes one request from id's bucket; when it is empty, it returns
// how long until it holds one again.
func (b *tokenBuckets) take(id string) (ok bool, wait time.Duration) {
	now := b.now()
	b.mu.Lock()
	defer b.mu.Unlock()
	b.sweep(now)
	bk, seen := b.buckets[id]
	if !seen {
		bk = &bucket{level: b.burst, at: now}
		b.buckets[id] = bk
	}
	bk.level = math.Min(b.burst, bk.level+now.Sub(bk.at).Seconds()*b.rate)
	bk.at = now
	if bk.level >= 1 {
		bk.level--
		return true, 0
	}
	return false, time.Duration((1 - bk.level) / b.rate * float64(time.Second))
}

// sweep drops the buckets that have refilled, at most once a minute.
func (b *tokenBuckets) sweep(now time.Time) {
	if now.Sub(b.swept) < time.Minute {
		return
	}
	b.swept = now
	full := time.Duration(b.burst / b.rate * float64(time.Second))
	for id, bk := range b.buckets {
		if now.Sub(bk.at) >= full {
			delete(b.buckets, id)
		}
	}
}

// limitToken answers 429 with Retry-After (whole seconds, at least 1) and
// reports false when the principal's token has used up its bucket; a
// signed-in session is not limited here (sign-in has its own throttle).
func (s *Kit) limitToken(w http.ResponseWriter, r *http.Request, p Principal) bool {
	if p.TokenID == "" || s.tokenBuckets == nil {
		return true
	}
	ok, wait := s.tokenBuckets.take(p.TokenID)
	if ok {
		return true
	}
	w.Header().Set("Retry-After", strconv.Itoa(max(1, int(math.Ceil(wait.Seconds())))))
	s.Fail(w, r, errRateLimited)
	return false
}
