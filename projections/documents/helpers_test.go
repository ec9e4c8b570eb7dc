package documents_test

import (
	"context"
	"crypto/rand"
	"log/slog"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgxpool"

	klientcrypto "github.com/klient-crm/klient/crypto"
	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/communication"
	"github.com/klient-crm/klient/eventstore"
	"github.com/klient-crm/klient/eventstore/postgres"
	"github.com/klient-crm/klient/internal/pgmigrate"
	"github.com/klient-crm/klient/internal/pgtest"
	"github.com/klient-crm/klient/projections"
	"github.com/klient-crm/klient/projections/documents"
)

// world is one test's database with the real event store, key ring,
// codec, blob store and a projections runtime holding the documents
// projector.
type world struct {
	t     testing.TB
	pool  *pgxpool.Pool
	store *postgres.Store
	keys  *klientcrypto.Keyring
	codec *eventstore.Codec
	blobs *documents.Store
	rt    *projections.Runtime
	last  eventstore.Position
}

func newWorld(t testing.TB) *world {
	t.Helper()
	ctx := context.Background()
	pool := pgtest.NewPool(t)
	_, err := pgmigrate.Apply(ctx, pool, postgres.Migrations(), klientcrypto.Migrations(),
		projections.Migrations(), documents.Migrations())
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
	must(t, codec.Register(communication.Events()...))
	blobs, err := documents.NewStore(pool, keys, documents.Config{})
	must(t, err)
	w := &world{t: t, pool: pool, store: store, keys: keys, codec: codec, blobs: blobs}
	w.rt, err = projections.New(projections.Config{Pool: pool, Store: store, Codec: codec,
		Projectors: []projections.Projector{documents.NewProjector()}, Logger: quietLogger(),
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

// write appends events to one stream, after what it holds.
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
	w.last = res.LastPosition
}

// caughtUp waits until the read model holds everything written so far.
func (w *world) caughtUp() {
	w.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	must(w.t, w.rt.WaitFor(ctx, "documents", w.last))
}

// count is how many rows table holds.
func (w *world) count(table string) int {
	w.t.Helper()
	var n int
	must(w.t, w.pool.QueryRow(context.Background(), `SELECT count(*) FROM `+table).Scan(&n))
	return n
}

func randomBytes(t testing.TB, n int) []byte {
	b := make([]byte, n)
	_, err := rand.Read(b)
	must(t, err)
	return b
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

// refusedWith fails unless err is a *domain.Error of kind with code.
func refusedWith(t testing.TB, err error, kind domain.Kind, code string) {
	t.Helper()
	if domain.KindOf(err) != kind || domainCode(err) != code {
		t.Fatalf("got %v, want %s %s", err, kind, code)
	}
}
