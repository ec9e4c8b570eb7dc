// Package web is the kit every context of Klient's web edge shares: route
// registration with its access.Action and the guard, the principal and its
// actor, problem details and their one mapping from domain errors, the one
// page layout and its rendering, the access record, read-your-writes
// waits, need-to-know (walls and matter gates), middleware and the
// request's memo. A context package (http/contacts, http/matters, …) embeds
// *Kit in its handlers and imports nothing of its siblings.
package web

import (
	"io/fs"
	"log/slog"
	"reflect"
	"sync/atomic"
	"time"

	"github.com/klient-crm/klient/domain/access"
)

// Deps are the collaborators the kit itself needs; each is required (the
// server that assembles the contexts checks them).
type Deps struct {
	Staff       StaffDirectory     // who is signed in, roles, teams, walls
	Credentials Credentials        // sessions and API tokens
	AccessLog   AccessLog          // the log of who looked at whose data
	Contacts    ContactDirectory   // names for IDs, need-to-know on contacts
	Matters     MatterDirectory    // the matter gate
	Projections ProjectionWaiter   // read-your-writes
	Restricted  RestrictedContacts // restricted persons, whole, for the DPO
	Logger      *slog.Logger
}

// Present is false for nil and for an interface holding a nil pointer (a
// constructor's result whose error was ignored), which would otherwise only
// fail at the first request.
func Present(v any) bool {
	if v == nil {
		return false
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Pointer, reflect.Func, reflect.Interface, reflect.Map, reflect.Slice, reflect.Chan:
		return !rv.IsNil()
	}
	return true
}

// Kit holds what every handler shares. Contexts embed *Kit.
type Kit struct {
	cfg    Config
	deps   Deps
	log    *slog.Logger
	pages  PageSet
	static *StaticFiles
	// actions maps "METHOD /pattern" to the one action the route takes;
	// publicRoutes holds the routes anyone may call. Route and Public fill
	// them, and the matrix test reads them.
	actions      map[string]access.Action
	publicRoutes map[string]bool
	rebuild      atomic.Pointer[rebuildingSeen] // the last answer, for a second
	tokenBuckets *tokenBuckets                  // nil: API tokens are not rate limited
}

// New builds the kit over the contexts' page templates; cfg and deps
// must have been validated.
func New(cfg Config, deps Deps, pages ...fs.FS) (*Kit, error) {
	static, err := LoadStatic()
	if err != nil {
		return nil, err
	}
	pageSet, err := ParsePages(static, pages...)
	if err != nil {
		return nil, err
	}
	k := &Kit{cfg: cfg.WithDefaults(), deps: deps, log: deps.Logger, pages: pageSet, static: static,
		actions: map[string]access.Action{}, publicRoutes: map[string]bool{}}
	if k.cfg.APIRate > 0 {
		k.tokenBuckets = newTokenBuckets(k.cfg.APIRate, k.cfg.APIBurst, time.Now)
	}
	return k, nil
}

// Config is the kit's configuration, defaults applied.
func (s *Kit) Config() Config { return s.cfg }

// Log is the logger every handler writes to.
func (s *Kit) Log() *slog.Logger { return s.log }

// Actions are the routes registered with Route and the action each takes.
func (s *Kit) Actions() map[string]access.Action { return s.actions }

// PublicRoutes are the routes registered with Public.
func (s *Kit) PublicRoutes() map[string]bool { return s.publicRoutes }

// Static are the static files with their cache-busting hashes.
func (s *Kit) Static() *StaticFiles { return s.static }

// Shared are the collaborators every context reads through the kit: staff,
// credentials, the access log, the contact and matter directories (whole:
// need-to-know is the caller's, see Contacts, VisibleMatter and
// MatterGate) and the projections to wait for.
func (s *Kit) Shared() Deps { return s.deps }

// UploadLimit caps an upload's body a little above the document limit,
// so that the domain's own "too large" answers a file just over it.
func (s *Kit) UploadLimit() int64 { return s.cfg.MaxUploadBytes + 1<<20 }
