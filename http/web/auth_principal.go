package web

import (
	"context"
	"net/http"
	"sync"

	"github.com/klient-crm/klient/commands/journal"
	"github.com/klient-crm/klient/domain/access"
	"github.com/klient-crm/klient/projections/accesslog"
)

// Principal is who a request acts for: a signed-in staff member, or an API
// token acting for the member who created it, limited to the token's roles.
type Principal struct {
	StaffID string
	Name    string // for the page header only; never logged
	Roles   []access.Role
	Teams   []string
	Via     accesslog.Via // page (session cookie) or api (session or token)
	TokenID string        // set when a Bearer token authenticated the request
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
// every contact is unseen: the command refuses rather than reveals.
func (s *Kit) Actor(r *http.Request) journal.Actor {
	a := ActorOf(r.Context())
	var once sync.Once
	var hidden HiddenSet
	var err error
	a.Unseen = func(id string) bool {
		once.Do(func() { hidden, err = s.Hidden(r) })
		return err != nil || hidden.Has(id)
	}
	return a
}
