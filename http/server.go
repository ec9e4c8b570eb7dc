package http

import (
	"context"
	"errors"
	"log/slog"
	"net/http"

	adminpages "github.com/klient-crm/klient/http/admin"
	auditpages "github.com/klient-crm/klient/http/audit"
	authpages "github.com/klient-crm/klient/http/auth"
	casework "github.com/klient-crm/klient/http/casework"
	conflictpages "github.com/klient-crm/klient/http/casework/conflicts"
	docpages "github.com/klient-crm/klient/http/casework/documents"
	cddpages "github.com/klient-crm/klient/http/cdd"
	contactpages "github.com/klient-crm/klient/http/contacts"
	dpopages "github.com/klient-crm/klient/http/dpo"
	integrationpages "github.com/klient-crm/klient/http/integrations"
	reportpages "github.com/klient-crm/klient/http/reports"
	requestpages "github.com/klient-crm/klient/http/requests"
	"github.com/klient-crm/klient/http/web"
)

// Deps are the collaborators the web edge is built with: internal/webapp
// wires them from the app's parts (for `klient serve` and the web edge's
// tests alike). Every field but OIDC is required.
type Deps struct {
	// People is the contacts context: the contact commands and a
	// person's privacy (bases, consents, objection, restriction).
	People      contactpages.Deps
	Contacts    web.ContactDirectory // the contacts read model's queries
	Projections web.ProjectionWaiter // the projector runtime, for read-your-writes
	// Ready reports whether the database answers and no projector failed.
	Ready func(ctx context.Context) error
	// Access are the staff and wall command handlers, all required.
	Access adminpages.AccessCommands
	// Staff is the staff read model: who is signed in, their roles,
	// teams and walls, read afresh on every request.
	Staff       web.StaffDirectory
	Credentials web.Credentials         // *credentials.Store
	Throttle    authpages.LoginThrottle // (*credentials.Store).Throttle()
	AccessLog   web.AccessLog           // AccessLogStore(pool)
	// OIDC is the optional single sign-on provider (*oidc.Provider); nil
	// leaves /auth/oidc/* answering 404 and the sign-in page without it.
	OIDC authpages.OIDCProvider
	// Casework is the daily work on matters: matters and their conflict
	// checks, the communication log, documents, tasks and deadlines.
	Casework casework.Deps
	// Requests is the DPO's register of data-subject requests, the
	// access package, erasure and its certificates, and the deletion log.
	Requests requestpages.Deps
	// Registers are the DPO's own registers: breaches with their 72-hour
	// clocks and IMY's notification.
	Registers dpopages.Deps
	// DueDiligence is customer due diligence under the anti-money-
	// laundering act: a matter's record, the AML officer's work.
	DueDiligence cddpages.Deps
	// Audit is the auditor's view: the audit trail and history as of a date.
	Audit auditpages.Deps
	// Reports are the dashboards and their CSV exports.
	Reports reportpages.Deps
	// Integrations are the integration feed (and its webhooks).
	Integrations integrationpages.Deps
	// Templates are the practice areas' workflow templates.
	Templates adminpages.WorkflowTemplates
	// Letters are the firm's letter templates.
	Letters adminpages.LetterTemplates
	Logger  *slog.Logger
}

func (d Deps) validate() error {
	var missing []error
	check := func(ok bool, name string) {
		if !ok {
			missing = append(missing, errors.New("http: Deps."+name+" is required"))
		}
	}
	d.People.Validate(check)
	check(web.Present(d.Contacts), "Contacts")
	check(web.Present(d.Projections), "Projections")
	check(web.Present(d.Ready), "Ready")
	d.admin().Validate(check)
	check(web.Present(d.Staff), "Staff")
	check(web.Present(d.Credentials), "Credentials")
	check(web.Present(d.Throttle), "Throttle")
	check(web.Present(d.AccessLog), "AccessLog")
	check(web.Present(d.Logger), "Logger")
	d.Casework.Validate(check)
	d.Requests.Validate(check)
	d.Registers.Validate(check)
	d.DueDiligence.Validate(check)
	d.Audit.Validate(check)
	d.Reports.Validate(check)
	d.Integrations.Validate(check)
	return errors.Join(missing...)
}

// Config is the web edge's configuration (web.Config): defaults,
// validation and flags live with the kit that reads them.
type Config = web.Config

// admin are the administrators' pages' deps, gathered from d.
func (d Deps) admin() adminpages.Deps {
	return adminpages.Deps{Access: d.Access, Templates: d.Templates, Letters: d.Letters,
		PracticeAreas: d.Casework.Matters.PracticeAreas, Webhooks: d.Integrations.Webhooks,
		Reviews: d.Registers.Register, Log: d.Registers.Log, Clock: d.Registers.Clock}
}

// server holds what every handler shares: the kit, and the collaborators
// of the contexts still served from this package.
type server struct {
	*web.Kit
	cfg     Config
	deps    Deps
	log     *slog.Logger
	reports *reportpages.Handlers
	// integrations: the feed.
	integrations *integrationpages.Handlers
	requests     *requestpages.Handlers
	dpo          *dpopages.Handlers
	cdd          *cddpages.Handlers
	audit        *auditpages.Handlers
	contacts     *contactpages.Handlers
	admin        *adminpages.Handlers
	auth         *authpages.Handlers
	casework     *casework.Handlers
}

// NewServer builds Klient's whole web edge: pages, API, probes and static
// files behind the shared middleware. It refuses an invalid Config or a
// missing dependency.
func NewServer(cfg Config, deps Deps) (http.Handler, error) {
	if err := check(cfg, deps); err != nil {
		return nil, err
	}
	s, err := newServer(cfg, deps)
	if err != nil {
		return nil, err
	}
	return s.router()
}

// check refuses an invalid Config or a missing dependency.
func check(cfg Config, deps Deps) error {
	if err := cfg.Validate(); err != nil {
		return err
	}
	return deps.validate()
}

func newServer(cfg Config, deps Deps) (*server, error) {
	kit, err := web.New(cfg, web.Deps{
		Staff: deps.Staff, Credentials: deps.Credentials, AccessLog: deps.AccessLog, Contacts: deps.Contacts,
		Matters: deps.Casework.MatterReads, Projections: deps.Projections, Logger: deps.Logger,
		Restricted: deps.People.Privacy.Register,
	}, reportpages.Templates, casework.Templates, docpages.Templates, conflictpages.Templates, authpages.Templates, adminpages.Templates, contactpages.Templates, requestpages.Templates, auditpages.Templates, dpopages.Templates, cddpages.Templates,
		integrationpages.Templates)
	if err != nil {
		return nil, err
	}
	return &server{Kit: kit, cfg: cfg.WithDefaults(), deps: deps, log: deps.Logger,
		reports:      reportpages.New(kit, deps.Reports),
		integrations: integrationpages.New(kit, deps.Integrations),
		casework:     casework.New(kit, deps.Casework),
		auth:         authpages.New(kit, authpages.Deps{Throttle: deps.Throttle, OIDC: deps.OIDC}),
		admin:        adminpages.New(kit, deps.admin()),
		requests:     requestpages.New(kit, deps.Requests),
		dpo:          dpopages.New(kit, deps.Registers),
		cdd:          cddpages.New(kit, deps.DueDiligence),
		audit:        auditpages.New(kit, deps.Audit),
		contacts:     contactpages.New(kit, deps.People),
	}, nil
}
