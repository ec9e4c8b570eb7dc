package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"time"

	klienthttp "github.com/klient-crm/klient/http"
	"github.com/klient-crm/klient/internal/backup"
	"github.com/klient-crm/klient/internal/webapp"
	cddmodel "github.com/klient-crm/klient/projections/cdd"
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
// fails; then it drains requests for up to ten seconds. It first refuses
// read models that are ahead of the event log (restored from an older
// backup than the database): it would serve what the log no longer holds.
func (a *app) serve(ctx context.Context, ln net.Listener) error {
	if err := a.runtime.CheckInLog(ctx); err != nil {
		return err
	}
	handler, err := a.httpHandler(ctx)
	if err != nil {
		return err
	}
	filer, err := a.mailFiler()
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
	waitMail, err := a.listenForMail(ctx, filer)
	if err != nil {
		cancel() // the background jobs end before their wait
		return err
	}
	defer waitMail()

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

// httpHandler is the web edge over the app's parts (internal/webapp, the
// one assembly the web edge's tests build through too), with the firm's
// settings and the single sign-on provider, discovered now.
func (a *app) httpHandler(ctx context.Context) (http.Handler, error) {
	deps, err := a.webDeps(ctx)
	if err != nil {
		return nil, err
	}
	return klienthttp.NewServer(a.webConfig(), deps)
}

func (a *app) webDeps(ctx context.Context) (klienthttp.Deps, error) {
	sso, err := a.oidcProvider(ctx)
	if err != nil {
		return klienthttp.Deps{}, err
	}
	export, err := exportOptions(env("KLIENT_RECIPIENTS", ""))
	if err != nil {
		return klienthttp.Deps{}, err
	}
	return webapp.Deps(ctx, a.webConfig(), a.webParts(), webapp.Options{Retention: a.retention, Export: export, OIDC: sso,
		TombstoneJournal: backup.JournalIn(a.cfg.DataDir), ConflictDepth: a.cfg.ConflictDepth,
		DueDiligenceAreas: splitList(a.cfg.CDDAreas), AccessReviewMonths: a.cfg.AccessReviewMonths,
		CampaignClientMonths: a.cfg.CampaignClientMonths, PublicURL: a.cfg.PublicURL,
		DueDiligenceReviews: cddmodel.ReviewPeriods{High: a.cfg.CDDReviewMonthsHigh, Other: a.cfg.CDDReviewMonthsOther},
		WebhookAllowPrivate: a.cfg.WebhookAllowPrivate})
}

// webParts are the app's parts the web edge is built over.
func (a *app) webParts() webapp.Parts {
	return webapp.Parts{Pool: a.pool, Store: a.store, Codec: a.codec, Keys: a.keyring, Runtime: a.runtime,
		Secrets: a.secrets, Logger: a.log, Clock: now, Contacts: a.contacts, Staff: a.staff, Work: a.work,
		Subjects: a.subjects, Requests: a.requests}
}

func (a *app) webConfig() klienthttp.Config {
	return klienthttp.Config{SecureCookies: a.cfg.SecureCookies, TrustedOrigins: a.cfg.trustedOrigins(),
		ClientAddressHeader: a.cfg.ClientAddressHeader, MaxUploadBytes: a.cfg.MaxUploadBytes,
		APIRate: float64(a.cfg.APIRate), APIBurst: int(a.cfg.APIBurst)}
}

func storeKind(cfg Config) string {
	if cfg.EventStore == "postgres" {
		return "postgres"
	}
	return "esdb"
}
