// Package projtest gives a read model's tests their world: one fresh
// database with the real PostgreSQL event store, key ring and codec, and a
// projections runtime over the projectors under test. Tests only.
package projtest

import (
	"context"
	"log/slog"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgxpool"

	klientcrypto "github.com/klient-crm/klient/crypto"
	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/eventstore"
	"github.com/klient-crm/klient/eventstore/postgres"
	"github.com/klient-crm/klient/internal/pgmigrate"
	"github.com/klient-crm/klient/internal/pgtest"
	"github.com/klient-crm/klient/projections"
)

// Config is what a read model's tests need beyond the common parts.
type Config struct {
	Projectors []projections.Projector
	Events     []domain.Event  // the event types the codec must know
	Migrations []pgmigrate.Set // the read model's own, after the store's, the key store's and the runtime's
	Actor      string          // who Write appends as; "staff-1" when empty
}

// World is one test's database and the real parts over it. The runtime
// is built but not started: Run starts it.
type World struct {
	T     testing.TB
	Pool  *pgxpool.Pool
	Store *postgres.Store
	Keys  *klientcrypto.Keyring
	Codec *eventstore.Codec
	RT    *projections.Runtime

	actor string
	mu    sync.Mutex
	last  eventstore.Position
}

// New builds the world for c; everything it opens is closed when the
// test ends.
func New(t testing.TB, c Config) *World {
	t.Helper()
	ctx := context.Background()
	w := &World{T: t, Pool: pgtest.NewPool(t), actor: c.Actor}
	if w.actor == "" {
		w.actor = "staff-1"
	}
	sets := append([]pgmigrate.Set{postgres.Migrations(), klientcrypto.Migrations(), projections.Migrations()}, c.Migrations...)
	_, err := pgmigrate.Apply(ctx, w.Pool, sets...)
	Must(t, err)
	w.Store, err = postgres.New(ctx, w.Pool)
	Must(t, err)
	t.Cleanup(func() { w.Store.Close() })
	master, err := klientcrypto.LoadMasterKey("", t.TempDir())
	Must(t, err)
	w.Keys, err = klientcrypto.NewKeyring(ctx, w.Pool, master)
	Must(t, err)
	t.Cleanup(func() { w.Keys.Close() })
	w.Codec = eventstore.NewCodec(w.Keys)
	Must(t, w.Codec.Register(c.Events...))
	w.RT, err = projections.New(projections.Config{Pool: w.Pool, Store: w.Store, Codec: w.Codec,
		Projectors: c.Projectors, Logger: QuietLogger(), LockRetry: 200 * time.Millisecond, PollInterval: 10 * time.Millisecond})
	Must(t, err)
	return w
}

// Run starts the runtime until the test ends.
func (w *World) Run() {
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Go(func() { _ = w.RT.Run(ctx) })
	w.T.Cleanup(func() { cancel(); wg.Wait() })
}

// Write appends evs to stream after what it holds, as the configured
// actor, now.
func (w *World) Write(stream string, evs ...domain.Event) eventstore.Position {
	w.T.Helper()
	ctx := context.Background()
	envs := make([]eventstore.Envelope, 0, len(evs))
	for _, ev := range evs {
		env, err := w.Codec.Encode(ctx, uuid.Must(uuid.NewV7()), ev, eventstore.Metadata{Actor: w.actor, OccurredAt: time.Now()})
		Must(w.T, err)
		envs = append(envs, env)
	}
	res, err := w.Store.Append(ctx, stream, eventstore.Any, envs)
	Must(w.T, err)
	w.Wrote(res.LastPosition)
	return res.LastPosition
}

// Wrote records a position written by other means (a command handler),
// for CaughtUp.
func (w *World) Wrote(p eventstore.Position) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.last.Less(p) {
		w.last = p
	}
}

// Last is the furthest position written so far.
func (w *World) Last() eventstore.Position {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.last
}

// CaughtUp waits until projector has applied everything written so far.
func (w *World) CaughtUp(projector string) {
	w.T.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	Must(w.T, w.RT.WaitFor(ctx, projector, w.Last()))
}

// NewID is a fresh UUIDv7, as the commands give aggregates.
func NewID() string { return uuid.Must(uuid.NewV7()).String() }

// QuietLogger logs warnings and errors only.
func QuietLogger() *slog.Logger {
	return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
}

// Must fails the test on err.
func Must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
