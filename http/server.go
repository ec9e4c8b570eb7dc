package http

import (
	"context"
	"errors"
	"log/slog"
	"net/http"

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
	check(c.RegisterPerson != nil, "Commands.RegisterPerson")
	check(c.RegisterOrganisation != nil, "Commands.RegisterOrganisation")
	check(c.ChangeDetails != nil, "Commands.ChangeDetails")
	check(c.Archive != nil, "Commands.Archive")
	check(c.Reactivate != nil, "Commands.Reactivate")
	check(d.Contacts != nil, "Contacts")
	check(d.Projections != nil, "Projections")
	check(d.Ready != nil, "Ready")
	check(d.Actor != nil, "Actor")
	check(d.Logger != nil, "Logger")
	return errors.Join(missing...)
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
