package staff_test

import (
	"context"
	"errors"
	"log/slog"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	staffcmd "github.com/klient-crm/klient/commands/staff"
	klientcrypto "github.com/klient-crm/klient/crypto"
	"github.com/klient-crm/klient/domain/access"
	"github.com/klient-crm/klient/eventstore"
	"github.com/klient-crm/klient/eventstore/postgres"
	"github.com/klient-crm/klient/internal/pgmigrate"
	"github.com/klient-crm/klient/internal/pgtest"
	"github.com/klient-crm/klient/projections"
	staffmodel "github.com/klient-crm/klient/projections/staff"
)

// accessWorld is a real event store, key ring, codec and a running staff
// projection (the StaffDirectory) on a fresh database.
type accessWorld struct {
	staff   *staffcmd.Staff
	walls   *staffcmd.Walls
	pool    *pgxpool.Pool
	store   *postgres.Store
	codec   *eventstore.Codec
	keyring *klientcrypto.Keyring
	rt      *projections.Runtime
}

func newAccessWorld(t *testing.T) *accessWorld {
	t.Helper()
	ctx := context.Background()
	w := &accessWorld{pool: pgtest.NewPool(t)}
	_, err := pgmigrate.Apply(ctx, w.pool, postgres.Migrations(), klientcrypto.Migrations(), projections.Migrations())
	must(t, err)
	master, err := klientcrypto.LoadMasterKey("", t.TempDir())
	must(t, err)
	w.keyring, err = klientcrypto.NewKeyring(ctx, w.pool, master)
	must(t, err)
	t.Cleanup(func() { _ = w.keyring.Close() })
	w.store, err = postgres.New(ctx, w.pool)
	must(t, err)
	t.Cleanup(func() { _ = w.store.Close() })
	w.codec = eventstore.NewCodec(w.keyring)
	must(t, w.codec.Register(access.Events()...))
	clock := func() time.Time { return today }
	w.staff, err = staffcmd.NewStaff(w.store, w.codec, clock, staffmodel.NewDirectory(w.pool))
	must(t, err)
	w.walls, err = staffcmd.NewWalls(w.store, w.codec, clock)
	must(t, err)
	w.startProjection(t)
	return w
}

func (w *accessWorld) startProjection(t *testing.T) {
	var err error
	w.rt, err = projections.New(projections.Config{Pool: w.pool, Store: w.store, Codec: w.codec,
		Projectors: []projections.Projector{staffmodel.NewProjector()},
		Logger:     slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn})),
		LockRetry:  200 * time.Millisecond, PollInterval: 10 * time.Millisecond})
	must(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Go(func() { _ = w.rt.Run(ctx) })
	t.Cleanup(func() { cancel(); wg.Wait() })
	w.caughtUp(t, eventstore.Start) // the tables exist
}

// caughtUp waits until the staff read model shows pos.
func (w *accessWorld) caughtUp(t *testing.T, pos eventstore.Position) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	must(t, w.rt.WaitFor(ctx, "staff", pos))
}

// stream reads a stream back; a stream never written is empty.
func (w *accessWorld) stream(t *testing.T, name string) []eventstore.Envelope {
	t.Helper()
	envs, err := w.store.ReadStream(context.Background(), name, 0, 1000)
	if errors.Is(err, eventstore.ErrStreamNotFound) {
		return nil
	}
	must(t, err)
	return envs
}

// types lists the event types of a stream.
func (w *accessWorld) types(t *testing.T, name string) []string {
	t.Helper()
	var out []string
	for _, env := range w.stream(t, name) {
		out = append(out, env.Type)
	}
	return out
}

func annaAdvokat() access.StaffDetails {
	return access.StaffDetails{Name: "Anna Advokat", Email: "Anna.Advokat@Byran.se"}
}

// registerStaff registers a member as the test actor.
func (w *accessWorld) registerStaff(t *testing.T, d access.StaffDetails, roles []access.Role, teams ...string) staffcmd.StaffResult {
	t.Helper()
	h, err := staffcmd.NewRegisterStaffMemberHandler(w.staff)
	must(t, err)
	res, err := h.Handle(context.Background(), staffcmd.RegisterStaffMember{Actor: staff, Details: d, Roles: roles, Teams: teams})
	must(t, err)
	return res
}
