package staff_test

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
	"github.com/klient-crm/klient/domain/access"
	"github.com/klient-crm/klient/eventstore"
	"github.com/klient-crm/klient/eventstore/postgres"
	"github.com/klient-crm/klient/internal/pgmigrate"
	"github.com/klient-crm/klient/internal/pgtest"
	"github.com/klient-crm/klient/projections"
	"github.com/klient-crm/klient/projections/staff"
)

// world is one test's database with the real store, keyring, codec and a
// projections runtime holding the staff projector.
type world struct {
	t     testing.TB
	pool  *pgxpool.Pool
	store *postgres.Store
	keys  *klientcrypto.Keyring
	codec *eventstore.Codec
	rt    *projections.Runtime
	last  eventstore.Position
}

func newWorld(t testing.TB) *world {
	t.Helper()
	ctx := context.Background()
	pool := pgtest.NewPool(t)
	_, err := pgmigrate.Apply(ctx, pool, postgres.Migrations(), klientcrypto.Migrations(), projections.Migrations())
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
	must(t, codec.Register(access.Events()...))
	w := &world{t: t, pool: pool, store: store, keys: keys, codec: codec}
	w.rt, err = projections.New(projections.Config{Pool: pool, Store: store, Codec: codec,
		Projectors: []projections.Projector{staff.NewProjector()}, Logger: quietLogger(),
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

// write appends events to stream (after what it holds), as actor admin-1.
func (w *world) write(stream string, evs ...domain.Event) {
	w.t.Helper()
	ctx := context.Background()
	var envs []eventstore.Envelope
	for _, ev := range evs {
		env, err := w.codec.Encode(ctx, uuid.Must(uuid.NewV7()), ev, eventstore.Metadata{Actor: "admin-1", OccurredAt: time.Now()})
		must(w.t, err)
		envs = append(envs, env)
	}
	res, err := w.store.Append(ctx, stream, eventstore.Any, envs)
	must(w.t, err)
	if w.last.Less(res.LastPosition) {
		w.last = res.LastPosition
	}
}

// caughtUp waits until the read model holds everything written so far.
func (w *world) caughtUp() {
	w.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	must(w.t, w.rt.WaitFor(ctx, "staff", w.last))
}

// register writes a member's registration and returns their ID.
func (w *world) register(name, email string, roles []access.Role, teams ...string) string {
	id := newID()
	w.write(access.StaffStreamName(id), access.StaffMemberRegistered{StaffID: id,
		Details: access.StaffDetails{Name: name, Email: email}, Roles: roles, Teams: teams})
	return id
}

// erect writes a wall and returns its ID.
func (w *world) erect(target access.Target, users, teams []string) string {
	id := newID()
	w.write(access.WallStreamName(id), access.WallErected{WallID: id, Target: target, Users: users, Teams: teams,
		Reason: "conflict: counterparty in matter 2026-0042"})
	return id
}

func newID() string { return uuid.Must(uuid.NewV7()).String() }

func quietLogger() *slog.Logger {
	return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
