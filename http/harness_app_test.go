package http_test

import (
	"context"
	"log/slog"
	"net/http"
	"path/filepath"
	"testing"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	klientcrypto "github.com/klient-crm/klient/crypto"
	"github.com/klient-crm/klient/crypto/credentials"
	"github.com/klient-crm/klient/domain/access"
	"github.com/klient-crm/klient/domain/gdpr"
	"github.com/klient-crm/klient/eventstore"
	"github.com/klient-crm/klient/eventstore/postgres"
	klienthttp "github.com/klient-crm/klient/http"
	adminpages "github.com/klient-crm/klient/http/admin"
	"github.com/klient-crm/klient/http/web"
	"github.com/klient-crm/klient/http/webtest"
	"github.com/klient-crm/klient/internal/apptest"
	"github.com/klient-crm/klient/internal/webapp"
	"github.com/klient-crm/klient/projections"
	"github.com/klient-crm/klient/projections/subjectexport"
)

// app is the whole product behind the web edge, for one test: the app as
// klient opens it (internal/apptest: a fresh PostgreSQL database, the real
// event store, keyring, codec, repositories and a running projections
// runtime) with the web edge built over it by the one assembly
// (internal/webapp) `klient serve` uses. Nothing is mocked.
type app struct {
	t       testing.TB
	pool    *pgxpool.Pool
	store   *postgres.Store
	codec   *eventstore.Codec
	keys    *klientcrypto.Keyring
	creds   *credentials.Store
	access  adminpages.AccessCommands
	rt      *projections.Runtime
	cfg     web.Config
	deps    klienthttp.Deps        // as assembled; a test may change one and rebuild
	srv     *klienthttp.TestServer // for the route table the matrix test reads
	router  chi.Router             // the same as handler, for chi.Walk
	handler http.Handler
	logs    *syncBuffer
	cookie  string // the session every request carries unless as() says otherwise
	me      member // the lawyer and assistant whose session cookie is
}

// testUploadLimit is the largest document the test server takes: small,
// so a test can send one byte too many cheaply.
const testUploadLimit = 64 << 10

func newApp(t testing.TB) *app { return newAppWith(t, web.Config{}) }

// newAppWith is newApp with cfg, and deps changed by edits. The tests'
// own settings: cheap password hashing, a small upload limit, a long
// read-your-writes wait, no rate limit on API tokens, the default retention schedule, a firm named in
// access packages, and an erasure verified before the response.
func newAppWith(t testing.TB, cfg web.Config, edits ...func(*klienthttp.Deps)) *app {
	t.Helper()
	return newAppOpened(t, nil, cfg, edits...)
}

// newAppOpened is newAppWith with the app opened with opts too.
func newAppOpened(t testing.TB, opts []apptest.Option, cfg web.Config, edits ...func(*klienthttp.Deps)) *app {
	t.Helper()
	a := &app{t: t, logs: &syncBuffer{}}
	parts := apptest.New(t, append([]apptest.Option{apptest.WithLogger(slog.New(slog.NewJSONHandler(a.logs, nil))),
		apptest.CheapPasswords(), apptest.PollInterval(10 * time.Millisecond)}, opts...)...)
	a.pool, a.store, a.codec, a.keys, a.creds, a.rt = parts.Pool, parts.Store, parts.Codec, parts.Keys, parts.Secrets, parts.Runtime
	apptest.Live(t, parts.Runtime) // the read models' tables are made, as /readyz waits for before traffic
	if cfg.MaxUploadBytes == 0 {
		cfg.MaxUploadBytes = testUploadLimit
	}
	if cfg.APIRate == 0 {
		cfg.APIRate = -1 // a test's token sends as fast as the test runs; TestTokenRateLimit sets its own
	}
	if cfg.ReadYourWrites == 0 {
		cfg.ReadYourWrites = 20 * time.Second // a loaded test machine must not turn a slow projector into a failure
	}
	deps, err := webapp.Deps(context.Background(), cfg, webapp.Parts{Pool: parts.Pool, Store: parts.Store,
		Codec: parts.Codec, Keys: parts.Keys, Runtime: parts.Runtime, Secrets: parts.Secrets, Logger: parts.Log,
		Clock: apptest.Now, Contacts: parts.Contacts, Staff: parts.Staff, Work: parts.Work, Subjects: parts.Subjects,
		Requests: parts.Requests}, webapp.Options{Retention: gdpr.DefaultRetentionRules,
		Export:        subjectexport.Options{Controller: subjectexport.Controller{Name: "Testbyrån AB"}},
		VerifyErasure: verifyErasure(parts.Pool, parts.Runtime), TombstoneJournal: filepath.Join(t.TempDir(), "tombstones.jsonl"),
		DueDiligenceAreas: []string{"affärsjuridik"}})
	must(t, err)
	for _, edit := range edits {
		edit(&deps)
	}
	a.cfg, a.deps, a.access = cfg, deps, deps.Access
	a.rebuild()
	a.me = a.member(access.RoleLawyer, access.RoleAssistant)
	a.cookie = a.signIn(a.me.ID)
	return a
}

// rebuild builds the server anew from a.cfg and a.deps, for a test that
// changes a dependency after the app is up (the contexts keep their own
// copies of their deps).
func (a *app) rebuild() {
	a.t.Helper()
	srv, err := klienthttp.NewTestServer(a.cfg, a.deps)
	must(a.t, err)
	a.srv, a.router, a.handler = srv, srv.Router, contractChecked(a.t, srv.Router)
}

// keyring is the app's key ring, for a test that shreds a person's key as
// an erasure does.
func (a *app) keyring() *klientcrypto.Keyring { return a.keys }

// events counts every event in the log: the proof that a refused request
// wrote nothing.
func (a *app) events() int {
	a.t.Helper()
	envs, err := a.store.ReadAll(context.Background(), eventstore.Start, 100000)
	must(a.t, err)
	return len(envs)
}

// The page checks the contexts' tests share (http/webtest).
var (
	must         = webtest.Must
	wantContains = webtest.WantContains
	wantAbsent   = webtest.WantAbsent
)
