package http

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"reflect"

	"github.com/klient-crm/klient/commands"
)

// Deps are the collaborators cmd/klient wires in. Every field is required.
type Deps struct {
	Commands    ContactCommands  // the contact command handlers, all required
	Contacts    ContactDirectory // the contacts read model's queries
	Projections ProjectionWaiter // the projector runtime, for read-your-writes
	// Ready reports whether the database answers and no projector failed.
	Ready func(ctx context.Context) error
	// Actor says who is making a request. Sign-in plugs in here without
	// touching handlers; until then cmd/klient wires a development actor.
	Actor  func(r *http.Request) (commands.Actor, bool)
	Logger *slog.Logger
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
	check(present(d.Actor), "Actor")
	check(present(d.Logger), "Logger")
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
	pages  pageSet
	static *staticFiles
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
	static, err := loadStatic()
	if err != nil {
		return nil, err
	}
	pages, err := parsePages(static)
	if err != nil {
		return nil, err
	}
	return &server{cfg: cfg.withDefaults(), deps: deps, log: deps.Logger, pages: pages, static: static}, nil
}
