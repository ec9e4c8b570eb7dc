package contacts_test

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
	"github.com/klient-crm/klient/domain/contact"
	"github.com/klient-crm/klient/eventstore"
	"github.com/klient-crm/klient/eventstore/postgres"
	"github.com/klient-crm/klient/internal/pgmigrate"
	"github.com/klient-crm/klient/internal/pgtest"
	"github.com/klient-crm/klient/projections"
	"github.com/klient-crm/klient/projections/contacts"
)

// world is one test's database with the real store, keyring, codec and a
// projections runtime holding the contacts projector.
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
	must(t, codec.Register(contact.Events()...))
	w := &world{t: t, pool: pool, store: store, keys: keys, codec: codec}
	w.rt, err = projections.New(projections.Config{Pool: pool, Store: store, Codec: codec,
		Projectors: []projections.Projector{contacts.NewProjector()}, Logger: quietLogger(),
		LockRetry: 200 * time.Millisecond, PollInterval: 10 * time.Millisecond})
	must(t, err)
	return w
}

// run starts the runtime until the test ends.
func (w *world) run() {
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { defer wg.Done(); _ = w.rt.Run(ctx) }()
	w.t.Cleanup(func() { cancel(); wg.Wait() })
}

// write appends events to one contact's stream (after what it holds).
func (w *world) write(id string, evs ...domain.Event) {
	w.t.Helper()
	ctx := context.Background()
	var envs []eventstore.Envelope
	for _, ev := range evs {
		env, err := w.codec.Encode(ctx, uuid.Must(uuid.NewV7()), ev, eventstore.Metadata{Actor: "staff-1", OccurredAt: time.Now()})
		must(w.t, err)
		envs = append(envs, env)
	}
	res, err := w.store.Append(ctx, contact.StreamName(id), eventstore.Any, envs)
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
	must(w.t, w.rt.WaitFor(ctx, "contacts", w.last))
}

func (w *world) search(q string, opts contacts.Options) []contacts.Summary {
	w.t.Helper()
	out, err := contacts.Search(context.Background(), w.pool, q, opts)
	must(w.t, err)
	return out
}

// addPerson registers a person and returns the new contact's ID.
func (w *world) addPerson(d contact.PersonDetails) string {
	w.t.Helper()
	id := newID()
	w.write(id, contact.PersonRegistered{ContactID: id, Details: d})
	return id
}

func person(given, family, pnr string) contact.PersonDetails {
	return contact.PersonDetails{GivenName: given, FamilyName: family, Personnummer: pnr}
}

func newID() string { return uuid.Must(uuid.NewV7()).String() }

func names(ss []contacts.Summary) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = s.DisplayName
	}
	return out
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
