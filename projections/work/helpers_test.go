package work_test

import (
	"context"
	"errors"
	"log/slog"
	"os"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/klient-crm/klient/commands"
	klientcrypto "github.com/klient-crm/klient/crypto"
	domainwork "github.com/klient-crm/klient/domain/work"
	"github.com/klient-crm/klient/eventstore"
	"github.com/klient-crm/klient/eventstore/postgres"
	"github.com/klient-crm/klient/internal/pgmigrate"
	"github.com/klient-crm/klient/internal/pgtest"
	"github.com/klient-crm/klient/projections"
	"github.com/klient-crm/klient/projections/work"
)

// clock is the tests' injectable "now", shared by commands and engines.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time  { c.mu.Lock(); defer c.mu.Unlock(); return c.now }
func (c *clock) Set(t time.Time) { c.mu.Lock(); defer c.mu.Unlock(); c.now = t }
func stockholm(y int, m time.Month, d, h, min int) time.Time {
	return time.Date(y, m, d, h, min, 0, 0, domainwork.Stockholm())
}

// roster knows two active members and the team tvist.
type roster struct{ staff []string }

func (r roster) ActiveStaff(_ context.Context, id string) (bool, error) {
	return slices.Contains(r.staff, id), nil
}
func (roster) KnownTeam(_ context.Context, team string) (bool, error) { return team == "tvist", nil }

// world is one test's database with the real store, keyring, codec, the
// work commands and a projections runtime holding the work projector.
type world struct {
	t        testing.TB
	pool     *pgxpool.Pool
	store    *postgres.Store
	keys     *klientcrypto.Keyring
	codec    *eventstore.Codec
	rt       *projections.Runtime
	clock    *clock
	work     *commands.Work
	anna, bo string
	actor    commands.Actor
}

func newWorld(t testing.TB) *world {
	t.Helper()
	ctx := context.Background()
	pool := pgtest.NewPool(t)
	_, err := pgmigrate.Apply(ctx, pool, postgres.Migrations(), klientcrypto.Migrations(), projections.Migrations(), work.Migrations())
	must(t, err)
	store, err := postgres.New(ctx, pool)
	must(t, err)
	t.Cleanup(func() { _ = store.Close() })
	master, err := klientcrypto.LoadMasterKey("", t.TempDir())
	must(t, err)
	keys, err := klientcrypto.NewKeyring(ctx, pool, master)
	must(t, err)
	t.Cleanup(func() { _ = keys.Close() })
	codec := eventstore.NewCodec(keys)
	must(t, codec.Register(domainwork.Events()...))
	w := &world{t: t, pool: pool, store: store, keys: keys, codec: codec, clock: &clock{now: stockholm(2026, 3, 16, 9, 0)},
		anna: uuid.NewString(), bo: uuid.NewString()}
	w.actor = commands.Actor{ID: w.anna, CorrelationID: "req-1"}
	w.work, err = commands.NewWork(store, codec, w.clock.Now, roster{staff: []string{w.anna, w.bo}})
	must(t, err)
	w.rt, err = projections.New(projections.Config{Pool: pool, Store: store, Codec: codec,
		Projectors: []projections.Projector{work.NewProjector()}, Logger: quietLogger(),
		LockRetry: 200 * time.Millisecond, PollInterval: 10 * time.Millisecond})
	must(t, err)
	return w
}

// run starts the runtime until the test ends.
func (w *world) run() {
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Go(func() { _ = w.rt.Run(ctx) })
	w.t.Cleanup(func() { cancel(); wg.Wait() })
}

// caughtUp waits until the read model holds everything in the log.
func (w *world) caughtUp() {
	w.t.Helper()
	// The last committed event, read from the table: ReadAll holds back
	// events while older transactions (the runtime's own) are open.
	var last eventstore.Position
	err := w.pool.QueryRow(context.Background(), `SELECT xid, seq FROM events ORDER BY xid DESC, seq DESC LIMIT 1`).
		Scan(&last.Commit, &last.Prepare)
	if errors.Is(err, pgx.ErrNoRows) {
		return
	}
	must(w.t, err)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	must(w.t, w.rt.WaitFor(ctx, "work", last))
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
