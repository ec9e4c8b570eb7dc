package http

import (
	"context"
	"log/slog"
	"net/http"
	"sync"
	"testing"
	"time"

	adminpages "github.com/klient-crm/klient/http/admin"

	contactpages "github.com/klient-crm/klient/http/contacts"

	"github.com/go-chi/chi/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	klientcrypto "github.com/klient-crm/klient/crypto"
	"github.com/klient-crm/klient/crypto/credentials"
	"github.com/klient-crm/klient/domain/access"
	"github.com/klient-crm/klient/eventstore"
	"github.com/klient-crm/klient/eventstore/postgres"
	"github.com/klient-crm/klient/http/web"
	"github.com/klient-crm/klient/internal/catalogue"
	"github.com/klient-crm/klient/internal/pgmigrate"
	"github.com/klient-crm/klient/internal/pgtest"
	"github.com/klient-crm/klient/projections"
)

// app is the whole product behind the web edge, for one test: a fresh
// PostgreSQL database, the real event store, keyring, codec, command
// handlers and a running projections runtime. Nothing is mocked.
type app struct {
	t       testing.TB
	pool    *pgxpool.Pool
	store   *postgres.Store
	codec   *eventstore.Codec
	creds   *credentials.Store
	access  adminpages.AccessCommands
	rt      *projections.Runtime
	srv     *server    // for the route table the matrix test reads
	router  chi.Router // the same as handler, for chi.Walk
	handler http.Handler
	logs    *syncBuffer
	cookie  string // the session every request carries unless as() says otherwise
	me      member // the lawyer and assistant whose session cookie is
}

func newApp(t testing.TB) *app { return newAppWith(t, web.Config{}) }

// newAppWith is newApp with cfg, and deps changed by edits.
func newAppWith(t testing.TB, cfg web.Config, edits ...func(*Deps)) *app {
	t.Helper()
	ctx := context.Background()
	pool := pgtest.NewPool(t)
	_, err := pgmigrate.Apply(ctx, pool, append(catalogue.DatabaseMigrations(true), catalogue.KeyStoreMigrations()...)...)
	must(t, err)
	store, err := postgres.New(ctx, pool)
	must(t, err)
	t.Cleanup(func() { store.Close() })
	master, err := klientcrypto.LoadMasterKey("", t.TempDir())
	must(t, err)
	keys, err := klientcrypto.NewKeyring(ctx, pool, master)
	must(t, err)
	t.Cleanup(func() { keys.Close() })
	codec := eventstore.NewCodec(keys)
	must(t, codec.Register(catalogue.Events()...))
	a := &app{t: t, pool: pool, store: store, codec: codec, logs: &syncBuffer{}}
	log := slog.New(slog.NewJSONHandler(a.logs, nil))
	rt, err := projections.New(projections.Config{Pool: pool, Store: store, Codec: codec, Logger: log,
		Projectors:   catalogue.Projectors(),
		PollInterval: 10 * time.Millisecond})
	must(t, err)
	a.rt = rt
	a.run(rt)
	a.ready(rt)
	a.creds, err = credentials.New(pool, credentials.WithPasswordParams(cheapHash))
	must(t, err)
	a.access = accessCommands(t, store, codec, pool)
	deps := Deps{People: contactpages.Deps{Commands: contactCommands(t, store, codec), Privacy: privacyOf(t, store, codec, pool, keys)},
		Contacts: web.ContactsReadModel(pool), Projections: rt, Ready: readiness(pool), Logger: log,
		Access: a.access, Staff: web.StaffReadModel(pool), Credentials: a.creds, Throttle: a.creds.Throttle(),
		AccessLog: web.AccessLogStore(pool), Casework: caseworkOf(t, store, codec, pool, keys),
		Requests: requestsOf(t, store, codec, pool, keys),
		Audit:    auditOf(t, store, codec, pool, keys), Reports: reportsOf(t, store, codec, pool, keys),
		Templates: templatesOf(t, store, codec, pool)}
	if cfg.MaxUploadBytes == 0 {
		cfg.MaxUploadBytes = testUploadLimit
	}
	if cfg.ReadYourWrites == 0 {
		cfg.ReadYourWrites = 20 * time.Second // a loaded test machine must not turn a slow projector into a failure
	}
	for _, edit := range edits {
		edit(&deps)
	}
	must(t, deps.validate())
	a.srv, err = newServer(cfg, deps)
	must(t, err)
	a.router, err = a.srv.router()
	must(t, err)
	a.handler = contractChecked(a.t, a.router)
	a.me = a.member(access.RoleLawyer, access.RoleAssistant)
	a.cookie = a.signIn(a.me.ID)
	return a
}

// rebuild builds the server anew from a.srv's config and deps, for a test
// that changes a dependency after the app is up (the contexts keep their
// own copies of their deps).
func (a *app) rebuild() {
	a.t.Helper()
	srv, err := newServer(a.srv.cfg, a.srv.deps)
	must(a.t, err)
	a.srv = srv
	a.router, err = a.srv.router()
	must(a.t, err)
	a.handler = contractChecked(a.t, a.router)
}

// run starts the projections runtime until the test ends.
func (a *app) run(rt *projections.Runtime) {
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { defer wg.Done(); _ = rt.Run(ctx) }()
	a.t.Cleanup(func() { cancel(); wg.Wait() })
}

// ready waits until the contacts projector has made its tables, as
// /readyz would before a load balancer sends traffic.
func (a *app) ready(rt *projections.Runtime) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	for _, name := range []string{"contacts", "staff", "matters", "conflict_index",
		"communications", "documents", "work", "gdpr", "audit_trail"} {
		must(a.t, rt.WaitFor(ctx, name, eventstore.Start))
	}
}

// events counts every event in the log: the proof that a refused request
// wrote nothing.
func (a *app) events() int {
	a.t.Helper()
	envs, err := a.store.ReadAll(context.Background(), eventstore.Start, 100000)
	must(a.t, err)
	return len(envs)
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
