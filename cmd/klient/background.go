package main

import (
	"context"
	"crypto/tls"
	"fmt"
	"io"
	"net"
	"sync"
	"time"

	cddcmd "github.com/klient-crm/klient/commands/cdd"
	commcmd "github.com/klient-crm/klient/commands/communication"
	workcmd "github.com/klient-crm/klient/commands/work"
	contactpages "github.com/klient-crm/klient/http/contacts"
	"github.com/klient-crm/klient/internal/auditcli"
	"github.com/klient-crm/klient/internal/automail"
	"github.com/klient-crm/klient/internal/housekeeping"
	"github.com/klient-crm/klient/internal/mailer"
	"github.com/klient-crm/klient/internal/mailin"
	"github.com/klient-crm/klient/internal/webhooks"
	cddmodel "github.com/klient-crm/klient/projections/cdd"
	gdprmodel "github.com/klient-crm/klient/projections/gdpr"
	"github.com/klient-crm/klient/projections/outbox"
	workmodel "github.com/klient-crm/klient/projections/work"
)

// runBackground starts the jobs a server runs beside HTTP and the
// projectors, and returns a function that waits for them after ctx ends.
// They start once the read models are set up. Every instance runs them: the webhook sender claims subscriptions apart with a lease, the reminder engine raises each reminder once
// through the deadline's expected version, housekeeping deletes are
// idempotent, erasures are idempotent per request, retention elects one
// instance a day by advisory lock, and checkpoint writers take turns.
func (a *app) runBackground(ctx context.Context) (wait func(), err error) {
	raiser, err := workcmd.NewRaiseReminderHandler(a.work)
	if err != nil {
		return nil, err
	}
	engine, err := workmodel.NewReminderEngine(workmodel.EngineConfig{DB: a.pool, Raiser: raiser, Clock: now, Logger: a.log})
	if err != nil {
		return nil, err
	}
	ready := make(chan struct{})
	go func() { a.awaitReadModels(ctx); close(ready) }()
	var wg sync.WaitGroup
	start := func(job func()) {
		wg.Go(func() {
			select {
			case <-ctx.Done():
			case <-ready:
				job()
			}
		})
	}
	start(func() {
		if err := engine.Run(ctx); err != nil && ctx.Err() == nil {
			a.log.Error("reminder engine stopped", "error", err)
		}
	})
	start(func() { housekeeping.Sweeper{Pool: a.pool, Secrets: a.secrets, Log: a.log, Clock: now}.Run(ctx) })
	start(func() { a.erasures().RunScheduler(ctx, a.retention) })
	start(func() { a.runRetentionDaily(ctx) })
	start(func() { auditcli.Checkpoints(ctx, auditEnv(a.cfg, a, io.Discard), a.log) })
	monitor, err := a.cddMonitor()
	if err != nil {
		return nil, err
	}
	start(func() { a.runCDDMonitoring(ctx, monitor) })
	automatic, err := a.automaticMessages()
	if err != nil {
		return nil, err
	}
	start(func() { automatic.Run(ctx) })
	campaigns, err := a.scheduledCampaigns(ctx)
	if err != nil {
		return nil, err
	}
	start(func() { campaigns.Run(ctx) })
	hooks := webhooks.New(webhooks.Config{Pool: a.pool, Opener: a.keyring, Progress: a.runtime, Logger: a.log,
		AllowPrivate: a.cfg.WebhookAllowPrivate})
	start(func() { hooks.Run(ctx) })
	if sender, err := a.mailSender(); err != nil {
		return nil, err
	} else if sender != nil {
		start(func() { sender.Run(ctx) })
	} else {
		a.log.Warn("no KLIENT_SMTP_URL: e-mail waits in the outbox until a server runs with one")
	}
	return wg.Wait, nil
}

// mailSender is the outbox's sender, or nil without an SMTP server. Every
// instance runs one: they claim rows apart (SKIP LOCKED).
func (a *app) mailSender() (*mailer.Sender, error) {
	if a.cfg.SMTPURL == "" {
		return nil, nil
	}
	srv, err := mailer.ParseServer(a.cfg.SMTPURL)
	if err != nil {
		return nil, err
	}
	from, err := mailer.ParseFrom(a.cfg.MailFrom)
	if err != nil {
		return nil, err
	}
	return mailer.New(mailer.Config{Server: srv, From: from, Queue: outbox.NewQueue(a.pool), Log: a.store,
		Opener: a.codec, Logger: a.log})
}

// awaitReadModels returns once every projector has set up the tables of
// its current version (or ctx ends): the jobs read them, and on a fresh
// database or after a version bump they do not exist for a moment.
func (a *app) awaitReadModels(ctx context.Context) {
	for {
		if setUp, err := a.runtime.SetUp(ctx); setUp && err == nil {
			return
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// cddMonitor is due diligence's monitoring (issue 17): every active
// record screened again after a new sanctions list's import.
func (a *app) cddMonitor() (*cddcmd.MonitorHandler, error) {
	records, err := cddcmd.NewRecords(a.store, a.codec, now)
	if err != nil {
		return nil, err
	}
	lists, err := cddmodel.NewLists(a.pool)
	if err != nil {
		return nil, err
	}
	runs, err := cddmodel.NewRuns(a.pool)
	if err != nil {
		return nil, err
	}
	return cddcmd.NewMonitorHandler(records, lists, runs)
}

// runCDDMonitoring asks every minute whether the latest sanctions list
// has been monitored, and runs it when not: one instance claims a list's
// run (cdd_monitoring_runs), the others find it claimed.
func (a *app) runCDDMonitoring(ctx context.Context, monitor *cddcmd.MonitorHandler) {
	for {
		res, ran, err := monitor.RunPending(ctx)
		switch {
		case err != nil && ctx.Err() == nil:
			a.log.Error("due-diligence monitoring failed; it runs again within the hour", "error", err)
		case ran:
			a.log.Info("due-diligence monitoring ran", "list_version", res.List.Version, "screened", res.Screened, "new_hits", res.NewHits)
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(time.Minute):
		}
	}
}

// automaticMessages is the job that requests the automatic messages the
// responsible lawyers switched on (status reports, deadline reminders);
// every instance runs it, and each message's ID makes a second request of
// it a no-op.
func (a *app) automaticMessages() (automail.Job, error) {
	comms, err := commcmd.NewCommunications(a.store, a.codec, now)
	if err != nil {
		return automail.Job{}, err
	}
	send, err := commcmd.NewSendLetterHandler(comms)
	return automail.Job{Pool: a.pool, Send: send, ReadModels: a.runtime, Clock: now, Log: a.log}, err
}

// scheduledCampaigns is the job that sends the campaigns scheduled for
// later when they are due; every instance runs it, and each campaign's
// start is written once (automail.Campaigns).
func (a *app) scheduledCampaigns(ctx context.Context) (automail.Campaigns, error) {
	comms, err := commcmd.NewCommunications(a.store, a.codec, now)
	if err != nil {
		return automail.Campaigns{}, err
	}
	send, err := commcmd.NewSendCampaignHandler(comms)
	if err != nil {
		return automail.Campaigns{}, err
	}
	schedules, err := commcmd.NewScheduleHandler(comms)
	if err != nil {
		return automail.Campaigns{}, err
	}
	links, err := gdprmodel.LoadWithdrawalLinks(ctx, a.pool)
	return automail.Campaigns{Pool: a.pool, Schedules: schedules, Send: send, Links: links,
		Sent: func(ctx context.Context, id string) (bool, error) {
			_, found, err := comms.LoadCampaign(ctx, id)
			return found, err
		},
		Lifetime: contactpages.DefaultLinkLifetime, ClientMonths: a.cfg.CampaignClientMonths,
		ReadModels: a.runtime, Clock: now, Log: a.log}, err
}

// mailFiler files incoming e-mail through the commands the pages use,
// destroying a held message's key through the journalled shredder (a
// restore must not make a discarded message readable again).
func (a *app) mailFiler() (*mailin.Filer, error) {
	return mailin.Open(mailin.Parts{Pool: a.pool, Store: a.store, Codec: a.codec, Keys: a.keyring,
		Shredder: a.erasures().KeyShredder(), Clock: now, MaxUpload: a.cfg.MaxUploadBytes})
}

// listenForMail starts the SMTP listener when KLIENT_SMTP_LISTEN names an
// address, and returns a function that waits for it after ctx ends.
func (a *app) listenForMail(ctx context.Context, filer *mailin.Filer) (wait func(), err error) {
	if a.cfg.SMTPListen == "" {
		return func() {}, nil
	}
	var tlsConfig *tls.Config
	if a.cfg.SMTPTLSCert != "" {
		cert, err := tls.LoadX509KeyPair(a.cfg.SMTPTLSCert, a.cfg.SMTPTLSKey)
		if err != nil {
			return nil, fmt.Errorf("e-mail listener's certificate: %w", err)
		}
		tlsConfig = &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
	}
	srv, err := mailin.NewServer(mailin.ServerConfig{Filer: filer, Tokens: a.secrets, Log: a.log, TLS: tlsConfig})
	if err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", a.cfg.SMTPListen)
	if err != nil {
		return nil, fmt.Errorf("cannot listen for e-mail on %s: %w", a.cfg.SMTPListen, err)
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		// Filing reads the matters and contacts: a message taken before
		// they are caught up would be held for want of its matter.
		a.awaitReadModels(ctx)
		if err := srv.Serve(ctx, ln); err != nil {
			a.log.Error("e-mail listener stopped", "error", err)
		}
	}()
	a.log.Info("taking e-mail", "addr", "smtp://"+ln.Addr().String(), "starttls", tlsConfig != nil)
	return func() { <-done }, nil
}
