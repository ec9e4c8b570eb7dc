package gdpr_test

import (
	"context"
	"log/slog"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/klient-crm/klient/commands"
	klientcrypto "github.com/klient-crm/klient/crypto"
	"github.com/klient-crm/klient/domain/contact"
	gdprdomain "github.com/klient-crm/klient/domain/gdpr"
	"github.com/klient-crm/klient/eventstore"
	"github.com/klient-crm/klient/eventstore/postgres"
	"github.com/klient-crm/klient/internal/pgmigrate"
	"github.com/klient-crm/klient/internal/pgtest"
	"github.com/klient-crm/klient/projections"
	"github.com/klient-crm/klient/projections/gdpr"
)

// today is the tests' starting clock: 15 March 2026, in the morning.
var today = time.Date(2026, time.March, 15, 9, 30, 0, 0, time.UTC)

var staff = commands.Actor{ID: "staff-0001", CorrelationID: "req-0001"}

// world is one test's database with the real store, keyring, codec, the
// GDPR commands on a clock the test moves, and a projections runtime
// holding the gdpr projector.
type world struct {
	t        testing.TB
	pool     *pgxpool.Pool
	store    *postgres.Store
	keys     *klientcrypto.Keyring
	codec    *eventstore.Codec
	rt       *projections.Runtime
	clock    time.Time
	contacts *commands.Contacts
	subjects *commands.Subjects
	requests *commands.Requests
	links    *gdprdomain.WithdrawalLinks

	mu   sync.Mutex
	last eventstore.Position
}

func newWorld(t testing.TB) *world {
	t.Helper()
	ctx := context.Background()
	w := &world{t: t, clock: today, pool: pgtest.NewPool(t)}
	_, err := pgmigrate.Apply(ctx, w.pool, postgres.Migrations(), klientcrypto.Migrations(), projections.Migrations(), gdpr.Migrations())
	must(t, err)
	w.store, err = postgres.New(ctx, w.pool)
	must(t, err)
	t.Cleanup(func() { w.store.Close() })
	master, err := klientcrypto.LoadMasterKey("", t.TempDir())
	must(t, err)
	w.keys, err = klientcrypto.NewKeyring(ctx, w.pool, master)
	must(t, err)
	t.Cleanup(func() { w.keys.Close() })
	w.codec = eventstore.NewCodec(w.keys)
	must(t, w.codec.Register(contact.Events()...))
	must(t, w.codec.Register(gdprdomain.Events()...))
	w.commands()
	w.rt, err = projections.New(projections.Config{Pool: w.pool, Store: w.store, Codec: w.codec,
		Projectors: []projections.Projector{gdpr.NewProjector()}, Logger: quietLogger(),
		LockRetry: 200 * time.Millisecond, PollInterval: 10 * time.Millisecond})
	must(t, err)
	w.run()
	return w
}

func (w *world) commands() {
	now := func() time.Time { return w.clock }
	var err error
	w.contacts, err = commands.NewContacts(w.store, w.codec, now)
	must(w.t, err)
	w.subjects, err = commands.NewSubjects(w.store, w.codec, now, nil)
	must(w.t, err)
	w.requests, err = commands.NewRequests(w.store, w.codec, now)
	must(w.t, err)
	w.links, err = gdpr.LoadWithdrawalLinks(context.Background(), w.pool)
	must(w.t, err)
}

// run starts the runtime until the test ends.
func (w *world) run() {
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { defer wg.Done(); _ = w.rt.Run(ctx) }()
	w.t.Cleanup(func() { cancel(); wg.Wait() })
}

// wrote remembers the furthest position a command reached.
func (w *world) wrote(p eventstore.Position) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.last.Less(p) {
		w.last = p
	}
}

// caughtUp waits until the read model holds everything written so far.
func (w *world) caughtUp() {
	w.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	must(w.t, w.rt.WaitFor(ctx, "gdpr", w.last))
}

func quietLogger() *slog.Logger {
	return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
