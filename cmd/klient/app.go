package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"

	"github.com/jackc/pgx/v5/pgxpool"

	contactcmd "github.com/klient-crm/klient/commands/contact"
	staffcmd "github.com/klient-crm/klient/commands/staff"
	workcmd "github.com/klient-crm/klient/commands/work"
	klientcrypto "github.com/klient-crm/klient/crypto"
	"github.com/klient-crm/klient/crypto/credentials"
	"github.com/klient-crm/klient/eventstore"
	"github.com/klient-crm/klient/eventstore/esdb"
	"github.com/klient-crm/klient/eventstore/postgres"
	"github.com/klient-crm/klient/internal/backup"
	"github.com/klient-crm/klient/internal/catalogue"
	"github.com/klient-crm/klient/internal/erasure"
	"github.com/klient-crm/klient/internal/pgmigrate"
	"github.com/klient-crm/klient/internal/pgrewrite"
	"github.com/klient-crm/klient/projections"
	"github.com/klient-crm/klient/projections/accesslog"
	"github.com/klient-crm/klient/projections/staff"
)

// app is every long-lived part, wired once. Subcommands use what they need.
type app struct {
	cfg      Config
	log      *slog.Logger
	pool     *pgxpool.Pool // read models, projections (and the PostgreSQL event store)
	keyPool  *pgxpool.Pool // key store; the same pool unless configured apart
	store    eventstore.Store
	keyring  *klientcrypto.Keyring
	codec    *eventstore.Codec
	runtime  *projections.Runtime
	contacts *contactcmd.Contacts
	staff    *staffcmd.Staff
	work     *workcmd.Work      // tasks, deadlines, reminders, workflow templates
	secrets  *credentials.Store // passwords, sessions, API tokens, login throttle
	privacy                     // GDPR registers
}

// openApp connects, migrates and wires. The caller must Close it.
func openApp(ctx context.Context, cfg Config) (*app, error) {
	a := &app{cfg: cfg, log: newLogger(cfg)}
	for _, step := range []func(context.Context) error{a.openPools, a.migrate, a.openCrypto, a.sealOldPurposes, a.openStore, a.wire} {
		if err := step(ctx); err != nil {
			a.Close()
			return nil, err
		}
	}
	return a, nil
}

func (a *app) openPools(ctx context.Context) error {
	var err error
	if a.pool, err = connect(ctx, "database", a.cfg.DatabaseURL); err != nil {
		return err
	}
	a.keyPool = a.pool
	if a.cfg.KeystoreURL != a.cfg.DatabaseURL {
		a.keyPool, err = connect(ctx, "key store", a.cfg.KeystoreURL)
	}
	return err
}

func (a *app) migrate(ctx context.Context) error {
	n, err := pgmigrate.Apply(ctx, a.pool, catalogue.DatabaseMigrations(a.cfg.EventStore == "postgres")...)
	if err != nil {
		return err
	}
	k, err := pgmigrate.Apply(ctx, a.keyPool, catalogue.KeyStoreMigrations()...)
	if n+k > 0 {
		a.log.Info("migrations applied", "count", n+k)
	}
	return err
}

func (a *app) openCrypto(ctx context.Context) error {
	if err := os.MkdirAll(a.cfg.DataDir, 0o700); err != nil {
		return fmt.Errorf("data directory: %w", err)
	}
	master, err := openMasterKey(ctx, a.cfg)
	if err != nil {
		return err
	}
	a.keyring, err = klientcrypto.NewKeyring(ctx, a.keyPool, master, klientcrypto.WithLogger(a.log))
	if err != nil {
		return err
	}
	return a.keyring.CheckMasterKey(ctx)
}

// sealOldPurposes seals the access log's purposes written before each
// copy had a key of its own, destroys the keys that sealed them before
// (journalled, as an erasure's) and rewrites the tables so what they held
// leaves their files (accesslog.SealOldPurposes): it needs the key store,
// so it runs after the migrations, at every start; with nothing left it
// is three index probes.
func (a *app) sealOldPurposes(ctx context.Context) error {
	retire := erasure.Jobs{Keys: a.keyring, Journal: backup.Journaller(backup.JournalIn(a.cfg.DataDir))}.KeyShredder()
	n, err := accesslog.SealOldPurposes(ctx, a.pool, accesslog.Upgrade{Keys: a.keyring, Retire: retire.ShredKey,
		Rewrite: func(ctx context.Context, table string) error { return pgrewrite.Tables(ctx, a.pool, []string{table}) }})
	if n > 0 {
		a.log.Info("access log: purposes written before they were sealed are sealed now", "entries", n)
	}
	if errors.Is(err, accesslog.ErrRewriteDue) {
		// Sealed, so nothing reads them any more; their bytes wait in the
		// table's pages for the next start (a long transaction held it).
		a.log.Warn("access log: rewrite due again at the next start", "error", err)
		return nil
	}
	return err
}

func (a *app) openStore(ctx context.Context) error {
	// Each store goes into a.store only once open: a nil *esdb.Store in the
	// interface would not be nil there, and Close would call it (a refused
	// start panicked instead of saying why).
	if a.cfg.EventStore == "postgres" {
		s, err := postgres.New(ctx, a.pool)
		if err != nil {
			return fmt.Errorf("event store: %w", err)
		}
		a.store = s
		return nil
	}
	s, err := esdb.New(ctx, a.cfg.EventStore)
	if err != nil {
		return fmt.Errorf("event store: %w", err)
	}
	a.store = s
	return nil
}

func (a *app) wire(ctx context.Context) error {
	a.codec = eventstore.NewCodec(a.keyring)
	if err := catalogue.Register(a.codec); err != nil {
		return err
	}
	var err error
	a.runtime, err = projections.New(projections.Config{
		Pool: a.pool, Store: a.store, Codec: a.codec, Logger: a.log,
		Projectors: catalogue.Projectors(),
	})
	if err != nil {
		return err
	}
	return a.wireCommands(ctx)
}

func (a *app) wireCommands(ctx context.Context) error {
	var err1, err2, err3, err4 error
	a.contacts, err1 = contactcmd.NewContacts(a.store, a.codec, now)
	if err1 == nil {
		var key []byte
		key, err1 = a.keyring.IndexKey(ctx, contactcmd.NumberKeyName)
		a.contacts.WithNumberKey(key)
	}
	a.staff, err2 = staffcmd.NewStaff(a.store, a.codec, now, staff.NewDirectory(a.pool))
	a.work, err3 = workcmd.NewWork(a.store, a.codec, now, staff.NewRoster(a.pool))
	a.secrets, err4 = credentials.New(a.pool)
	return errors.Join(err1, err2, err3, err4, a.wirePrivacy(), a.wireErasure())
}

// Close releases everything openApp acquired.
func (a *app) Close() {
	if a.store != nil {
		_ = a.store.Close()
	}
	if a.keyring != nil {
		_ = a.keyring.Close()
	}
	if a.keyPool != nil && a.keyPool != a.pool {
		a.keyPool.Close()
	}
	if a.pool != nil {
		a.pool.Close()
	}
}

func connect(ctx context.Context, what, url string) (*pgxpool.Pool, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("the %s's URL: %w", what, err)
	}
	// Klient's queries each read few rows, but the planner's estimates for
	// some (a lateral over a page of contacts, a report's counts) pass
	// jit_above_cost at a million events, and PostgreSQL then spends 50–100
	// ms compiling a query that runs in less. A URL that sets jit wins.
	if _, set := cfg.ConnConfig.RuntimeParams["jit"]; !set {
		cfg.ConnConfig.RuntimeParams["jit"] = "off"
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err == nil {
		err = pool.Ping(ctx)
	}
	if err != nil {
		if pool != nil {
			pool.Close()
		}
		return nil, &unreachable{what: what, err: err}
	}
	return pool, nil
}

// The PostgreSQL store counts its log in one query, so projector status and
// rebuild progress need not page through it.
var _ projections.LogCounter = (*postgres.Store)(nil)
