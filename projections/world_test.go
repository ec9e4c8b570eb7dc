package projections_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgxpool"

	klientcrypto "github.com/klient-crm/klient/crypto"
	"github.com/klient-crm/klient/eventstore"
	"github.com/klient-crm/klient/eventstore/postgres"
	"github.com/klient-crm/klient/internal/pgmigrate"
	"github.com/klient-crm/klient/internal/pgtest"
	"github.com/klient-crm/klient/projections"
)

// world is one test's database with an event store, a codec and the
// projections schema: everything a runtime needs, all real.
type world struct {
	t      testing.TB
	dsn    string
	keyDir string
	pool   *pgxpool.Pool
	store  *postgres.Store
	codec  *eventstore.Codec
}

func newWorld(t testing.TB) *world {
	t.Helper()
	return openWorld(t, pgtest.NewDatabase(t), t.TempDir())
}

// openWorld connects to an existing test database; keyDir holds the
// development master key (a child process shares its parent's).
func openWorld(t testing.TB, dsn, keyDir string) *world {
	t.Helper()
	ctx := context.Background()
	pool, err := pgxpool.New(ctx, dsn)
	must(t, err)
	t.Cleanup(pool.Close)
	_, err = pgmigrate.Apply(ctx, pool, postgres.Migrations(), klientcrypto.Migrations(), projections.Migrations())
	must(t, err)
	store, err := postgres.New(ctx, pool)
	must(t, err)
	t.Cleanup(func() { store.Close() })
	master, err := klientcrypto.LoadMasterKey("", keyDir)
	must(t, err)
	keys, err := klientcrypto.NewKeyring(ctx, pool, master)
	must(t, err)
	t.Cleanup(func() { keys.Close() })
	codec := eventstore.NewCodec(keys)
	must(t, codec.Register(Ticked{}, Poisoned{}))
	return &world{t: t, dsn: dsn, keyDir: keyDir, pool: pool, store: store, codec: codec}
}

// appendTicks appends n Ticked events, chunk per append and stream, and
// returns the last position.
func (w *world) appendTicks(n, chunk int) eventstore.Position {
	w.t.Helper()
	var last eventstore.Position
	for done := 0; done < n; done += chunk {
		evs := make([]eventstore.Envelope, 0, chunk)
		for i := done; i < min(n, done+chunk); i++ {
			evs = append(evs, w.encode(Ticked{N: i}))
		}
		res, err := w.store.Append(context.Background(), "tick-"+uuid.NewString(), eventstore.NoStream, evs)
		must(w.t, err)
		last = res.LastPosition
	}
	return last
}

// readable waits until the store serves pos: an event becomes readable only
// when every transaction older than it in the cluster has ended.
func (w *world) readable(pos eventstore.Position) {
	w.t.Helper()
	from := eventstore.Start
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); {
		envs, err := w.store.ReadAll(context.Background(), from, 1000)
		must(w.t, err)
		if len(envs) > 0 {
			from = envs[len(envs)-1].Position
		}
		if from.AtLeast(pos) {
			return
		}
		if len(envs) == 0 {
			time.Sleep(10 * time.Millisecond)
		}
	}
	w.t.Fatalf("event at %s never became readable", pos)
}

func (w *world) appendEvents(evs ...any) eventstore.Position {
	w.t.Helper()
	var envs []eventstore.Envelope
	for _, e := range evs {
		envs = append(envs, w.encode(e))
	}
	res, err := w.store.Append(context.Background(), "misc-"+uuid.NewString(), eventstore.NoStream, envs)
	must(w.t, err)
	return res.LastPosition
}

// encode seals nothing (test events have no personal fields), so it
// cannot fail and is safe to call from any goroutine.
func (w *world) encode(ev any) eventstore.Envelope {
	env, err := w.codec.Encode(context.Background(), uuid.Must(uuid.NewV7()), ev.(domainEvent), eventstore.Metadata{Actor: "test", OccurredAt: time.Now()})
	if err != nil {
		panic(err)
	}
	return env
}
