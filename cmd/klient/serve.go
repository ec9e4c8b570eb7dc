package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"time"

	adminpages "github.com/klient-crm/klient/http/admin"

	contactpages "github.com/klient-crm/klient/http/contacts"

	contactcmd "github.com/klient-crm/klient/commands/contact"
	staffcmd "github.com/klient-crm/klient/commands/staff"
	workcmd "github.com/klient-crm/klient/commands/work"
	klienthttp "github.com/klient-crm/klient/http"
	"github.com/klient-crm/klient/http/web"
	"github.com/klient-crm/klient/projections"
)

func runServe(ctx context.Context, args []string, stdout io.Writer) error {
	cfg, _, err := parseConfig("serve", args, stdout, nil)
	if err != nil {
		return err
	}
	a, err := openApp(ctx, cfg)
	if err != nil {
		return err
	}
	defer a.Close()
	ln, err := net.Listen("tcp", cfg.HTTPAddr)
	if err != nil {
		return fmt.Errorf("cannot listen on %s: %w", cfg.HTTPAddr, err)
	}
	return a.serve(ctx, ln)
}

// serve runs the projectors and the HTTP server until ctx ends or either
// fails; then it drains requests for up to ten seconds.
func (a *app) serve(ctx context.Context, ln net.Listener) error {
	handler, err := a.httpHandler(ctx)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	projectorsDone := make(chan error, 1)
	go func() { projectorsDone <- a.runtime.Run(ctx); cancel() }()
	waitBackground, err := a.runBackground(ctx)
	if err != nil {
		return err
	}
	defer waitBackground()

	srv := &http.Server{Handler: handler, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: time.Minute,
		WriteTimeout: 2 * time.Minute, IdleTimeout: 2 * time.Minute}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	a.log.Info("serving", "addr", "http://"+ln.Addr().String(), "eventstore", storeKind(a.cfg))

	select {
	case err = <-served:
	case <-ctx.Done():
	}
	shutdownCtx, stop := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer stop()
	_ = srv.Shutdown(shutdownCtx)
	cancel()
	if perr := <-projectorsDone; perr != nil && !errors.Is(perr, context.Canceled) && err == nil {
		err = perr
	}
	if errors.Is(err, http.ErrServerClosed) {
		err = nil
	}
	return err
}

func (a *app) httpHandler(ctx context.Context) (http.Handler, error) {
	contactCommands, err := a.contactCommands()
	if err != nil {
		return nil, err
	}
	accessCommands, err := a.accessCommands()
	if err != nil {
		return nil, err
	}
	sso, err := a.oidcProvider(ctx)
	if err != nil {
		return nil, err
	}
	casework, err := a.casework()
	if err != nil {
		return nil, err
	}
	privacy, err1 := a.privacyHTTP()
	requests, err2 := a.requestsHTTP()
	auditViews, err3 := a.auditHTTP()
	reports, err4 := a.reportsHTTP()
	templates, err5 := workcmd.NewWorkflowTemplateHandler(a.work)
	if err := errors.Join(err1, err2, err3, err4, err5); err != nil {
		return nil, err
	}
	cfg := klienthttp.Config{SecureCookies: a.cfg.SecureCookies, TrustedOrigins: a.cfg.trustedOrigins(),
		ClientAddressHeader: a.cfg.ClientAddressHeader, MaxUploadBytes: a.cfg.MaxUploadBytes}
	return klienthttp.NewServer(cfg, klienthttp.Deps{
		People:      contactpages.Deps{Commands: contactCommands, Privacy: privacy},
		Contacts:    web.ContactsReadModel(a.pool),
		Projections: a.runtime,
		Ready:       a.ready,
		Access:      accessCommands,
		Staff:       web.StaffReadModel(a.pool),
		Credentials: a.secrets,
		Throttle:    a.secrets.Throttle(),
		AccessLog:   web.AccessLogStore(a.pool),
		OIDC:        sso,
		Casework:    casework,
		Requests:    requests,
		Audit:       auditViews,
		Reports:     reports,
		Templates:   templates,
		Logger:      a.log,
	})
}

// accessCommands are the staff and wall handlers the admin pages use.
func (a *app) accessCommands() (adminpages.AccessCommands, error) {
	register, err1 := staffcmd.NewRegisterStaffMemberHandler(a.staff)
	roles, err2 := staffcmd.NewChangeStaffRolesHandler(a.staff)
	activation, err3 := staffcmd.NewStaffActivationHandler(a.staff)
	erect, err4 := staffcmd.NewErectWallHandler(a.walls)
	lift, err5 := staffcmd.NewLiftWallHandler(a.walls)
	return adminpages.AccessCommands{RegisterStaff: register, ChangeRoles: roles, Activation: activation,
		ErectWall: erect, LiftWall: lift}, errors.Join(err1, err2, err3, err4, err5)
}

func (a *app) contactCommands() (contactpages.ContactCommands, error) {
	c := a.contacts
	register, err1 := contactcmd.NewRegisterPersonHandler(c)
	registerOrg, err2 := contactcmd.NewRegisterOrganisationHandler(c)
	change, err3 := contactcmd.NewChangeContactDetailsHandler(c)
	archive, err4 := contactcmd.NewArchiveContactHandler(c)
	reactivate, err5 := contactcmd.NewReactivateContactHandler(c)
	return contactpages.ContactCommands{
		RegisterPerson: register, RegisterOrganisation: registerOrg,
		ChangeDetails: change, Archive: archive, Reactivate: reactivate,
	}, errors.Join(err1, err2, err3, err4, err5)
}

// ready: the database answers and no projector has stopped on a poison event.
func (a *app) ready(ctx context.Context) error {
	statuses, err := a.runtime.Status(ctx)
	if err != nil {
		return err
	}
	for _, s := range statuses {
		if s.Status == projections.StatusFailed {
			return fmt.Errorf("projector %s has stopped", s.Name)
		}
	}
	return nil
}

func storeKind(cfg Config) string {
	if cfg.EventStore == "postgres" {
		return "postgres"
	}
	return "esdb"
}
