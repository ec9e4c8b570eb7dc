package http

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"reflect"

	"github.com/klient-crm/klient/domain/access"
)

// Deps are the collaborators cmd/klient wires in. Every field but OIDC is
// required.
type Deps struct {
	Commands    ContactCommands  // the contact command handlers, all required
	Contacts    ContactDirectory // the contacts read model's queries
	Projections ProjectionWaiter // the projector runtime, for read-your-writes
	// Ready reports whether the database answers and no projector failed.
	Ready func(ctx context.Context) error
	// Access are the staff and wall command handlers, all required.
	Access AccessCommands
	// Staff is the staff read model: who is signed in, their roles,
	// teams and walls, read afresh on every request.
	Staff       StaffDirectory
	Credentials Credentials   // *credentials.Store
	Throttle    LoginThrottle // (*credentials.Store).Throttle()
	AccessLog   AccessLog     // AccessLogStore(pool)
	// OIDC is the optional single sign-on provider (*oidc.Provider); nil
	// leaves /auth/oidc/* answering 404 and the sign-in page without it.
	OIDC OIDCProvider
	// Casework is the daily work on matters: matters and their conflict
	// checks, the communication log, documents, tasks and deadlines.
	Casework Casework
	// Privacy is a person's lawful bases, consents, objection and
	// restriction, and the public consent-withdrawal link.
	Privacy Privacy
	// Requests is the DPO's register of data-subject requests, the
	// access package, erasure and its certificates, and the deletion log.
	Requests Requests
	// Audit is the auditor's view: the audit trail and history as of a date.
	Audit Audit
	// Reports are the dashboards and their CSV exports.
	Reports Reports
	// Templates are the practice areas' workflow templates.
	Templates WorkflowTemplates
	Logger    *slog.Logger
}

func (d Deps) validate() error {
	var missing []error
	check := func(ok bool, name string) {
		if !ok {
			missing = append(missing, errors.New("http: Deps."+name+" is required"))
		}
	}
	c := d.Commands
	check(present(c.RegisterPerson), "Commands.RegisterPerson")
	check(present(c.RegisterOrganisation), "Commands.RegisterOrganisation")
	check(present(c.ChangeDetails), "Commands.ChangeDetails")
	check(present(c.Archive), "Commands.Archive")
	check(present(c.Reactivate), "Commands.Reactivate")
	check(present(d.Contacts), "Contacts")
	check(present(d.Projections), "Projections")
	check(present(d.Ready), "Ready")
	a := d.Access
	check(present(a.RegisterStaff), "Access.RegisterStaff")
	check(present(a.ChangeRoles), "Access.ChangeRoles")
	check(present(a.Activation), "Access.Activation")
	check(present(a.ErectWall), "Access.ErectWall")
	check(present(a.LiftWall), "Access.LiftWall")
	check(present(d.Staff), "Staff")
	check(present(d.Credentials), "Credentials")
	check(present(d.Throttle), "Throttle")
	check(present(d.AccessLog), "AccessLog")
	check(present(d.Logger), "Logger")
	d.Casework.validate(check)
	d.Privacy.validate(check)
	d.Requests.validate(check)
	d.Audit.validate(check)
	d.Reports.validate(check)
	check(present(d.Templates), "Templates")
	return errors.Join(missing...)
}

// present is false for nil and for an interface holding a nil pointer (a
// constructor's result whose error was ignored), which would otherwise only
// fail at the first request.
func present(v any) bool {
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

// server holds what every handler shares.
type server struct {
	cfg    Config
	deps   Deps
	log    *slog.Logger
	pages  PageSet
	static *StaticFiles
	// actions maps "METHOD /pattern" to the one action the route takes;
	// publicRoutes holds the routes anyone may call. route and public fill
	// them, and the matrix test reads them.
	actions      map[string]access.Action
	publicRoutes map[string]bool
}

// NewServer builds Klient's whole web edge: pages, API, probes and static
// files behind the shared middleware. It refuses an invalid Config or a
// missing dependency.
func NewServer(cfg Config, deps Deps) (http.Handler, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if err := deps.validate(); err != nil {
		return nil, err
	}
	s, err := newServer(cfg, deps)
	if err != nil {
		return nil, err
	}
	return s.router()
}

func newServer(cfg Config, deps Deps) (*server, error) {
	static, err := LoadStatic()
	if err != nil {
		return nil, err
	}
	pages, err := ParsePages(static)
	if err != nil {
		return nil, err
	}
	return &server{cfg: cfg.WithDefaults(), deps: deps, log: deps.Logger, pages: pages, static: static}, nil
}
