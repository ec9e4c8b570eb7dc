package main

import (
	"context"
	"sync"
	"time"

	workcmd "github.com/klient-crm/klient/commands/work"
	"github.com/klient-crm/klient/internal/housekeeping"
	"github.com/klient-crm/klient/internal/mailer"
	"github.com/klient-crm/klient/internal/webhooks"
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
	start(func() { a.auditCheckpoints(ctx) })
	hooks := webhooks.New(webhooks.Config{Pool: a.pool, Opener: a.keyring, Logger: a.log, AllowPrivate: a.cfg.WebhookAllowPrivate})
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
