package matters_test

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
	"github.com/klient-crm/klient/domain/matter"
	"github.com/klient-crm/klient/eventstore"
	"github.com/klient-crm/klient/eventstore/postgres"
	"github.com/klient-crm/klient/internal/pgmigrate"
	"github.com/klient-crm/klient/internal/pgtest"
	"github.com/klient-crm/klient/projections"
	"github.com/klient-crm/klient/projections/matters"
)

// world is one test's database with the real store, keyring, codec and a
// projections runtime running the matters projector.
type world struct {
	t     testing.TB
	pool  *pgxpool.Pool
	store *postgres.Store
	keys  *klientcrypto.Keyring
	codec *eventstore.Codec
	rt    *projections.Runtime

	mu   sync.Mutex
	last eventstore.Position
}

func newWorld(t testing.TB) *world {
	t.Helper()
	ctx := context.Background()
	pool := pgtest.NewPool(t)
	_, err := pgmigrate.Apply(ctx, pool, postgres.Migrations(), klientcrypto.Migrations(), projections.Migrations())
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
	must(t, codec.Register(matter.Events()...))
	w := &world{t: t, pool: pool, store: store, keys: keys, codec: codec}
	w.rt, err = projections.New(projections.Config{Pool: pool, Store: store, Codec: codec,
		Projectors: []projections.Projector{matters.NewProjector()}, Logger: quietLogger(),
		LockRetry: 200 * time.Millisecond, PollInterval: 10 * time.Millisecond})
	must(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Go(func() { _ = w.rt.Run(ctx) })
	t.Cleanup(func() { cancel(); wg.Wait() })
	return w
}

// write appends events to a stream (after what it holds).
func (w *world) write(stream string, evs ...domain.Event) {
	w.t.Helper()
	ctx := context.Background()
	var envs []eventstore.Envelope
	for _, ev := range evs {
		env, err := w.codec.Encode(ctx, uuid.Must(uuid.NewV7()), ev, eventstore.Metadata{Actor: "staff-1", OccurredAt: time.Now()})
		must(w.t, err)
		envs = append(envs, env)
	}
	res, err := w.store.Append(ctx, stream, eventstore.Any, envs)
	must(w.t, err)
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.last.Less(res.LastPosition) {
		w.last = res.LastPosition
	}
}

// caughtUp waits until the read model holds everything written so far.
func (w *world) caughtUp() {
	w.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	must(w.t, w.rt.WaitFor(ctx, matters.Name, w.last))
}

// open writes a matter's opening with its parties (contact ID → role).
func (w *world) open(number, title string, parties map[string]matter.PartyRole) string {
	w.t.Helper()
	id := newID()
	evs := []domain.Event{matter.MatterOpened{MatterID: id, MatterSubject: matter.Subject(id), Number: number,
		PracticeArea: "processrätt", ResponsibleLawyer: "lawyer-1", Details: matter.Details{Title: title}}}
	for c, role := range parties {
		evs = append(evs, matter.PartyAdded{MatterID: id, PartyID: "party-" + c, ContactID: c, Role: role})
	}
	w.write(matter.StreamName(id), evs...)
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
