package work_test

import (
	"context"
	"errors"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	workcmd "github.com/klient-crm/klient/commands/work"
	klientcrypto "github.com/klient-crm/klient/crypto"
	"github.com/klient-crm/klient/domain/work"
	"github.com/klient-crm/klient/eventstore"
	"github.com/klient-crm/klient/eventstore/postgres"
	"github.com/klient-crm/klient/internal/pgmigrate"
	"github.com/klient-crm/klient/internal/pgtest"
)

// roster is the staff read model as the work commands see it.
type roster struct {
	mu     sync.Mutex
	active []string
	teams  []string
}

func (r *roster) ActiveStaff(_ context.Context, id string) (bool, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Contains(r.active, id), nil
}

func (r *roster) KnownTeam(_ context.Context, team string) (bool, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Contains(r.teams, team), nil
}

// workWorld is a real event store, key ring and codec with the work events.
type workWorld struct {
	pool    *pgxpool.Pool
	work    *workcmd.Work
	store   *postgres.Store
	keyring *klientcrypto.Keyring
	roster  *roster
	now     time.Time
	anna    string // an active lawyer
	bo      string // an active assistant
}

func newWorkWorld(t *testing.T) *workWorld {
	t.Helper()
	ctx := context.Background()
	pool := pgtest.NewPool(t)
	_, err := pgmigrate.Apply(ctx, pool, postgres.Migrations(), klientcrypto.Migrations())
	must(t, err)
	master, err := klientcrypto.LoadMasterKey("", t.TempDir())
	must(t, err)
	keyring, err := klientcrypto.NewKeyring(ctx, pool, master)
	must(t, err)
	t.Cleanup(func() { _ = keyring.Close() })
	store, err := postgres.New(ctx, pool)
	must(t, err)
	t.Cleanup(func() { _ = store.Close() })
	codec := eventstore.NewCodec(keyring)
	must(t, codec.Register(work.Events()...))
	w := &workWorld{pool: pool, store: store, keyring: keyring, now: today, anna: uuid.NewString(), bo: uuid.NewString()}
	w.roster = &roster{active: []string{w.anna, w.bo}, teams: []string{"tvist"}}
	w.work, err = workcmd.NewWork(store, codec, func() time.Time { return w.now }, w.roster)
	must(t, err)
	return w
}

// types lists the event types of stream.
func (w *workWorld) types(t *testing.T, stream string) []string {
	t.Helper()
	envs, err := w.store.ReadStream(context.Background(), stream, 0, 1000)
	if errors.Is(err, eventstore.ErrStreamNotFound) {
		return nil
	}
	must(t, err)
	var out []string
	for _, env := range envs {
		out = append(out, env.Type)
	}
	return out
}

// storedData returns the bytes the events table holds for stream, as
// written: what a database administrator or a backup would see.
func (w *workWorld) storedData(t *testing.T, stream string) [][]byte {
	t.Helper()
	rows, err := w.pool.Query(context.Background(), `SELECT data FROM events WHERE stream = $1 ORDER BY version`, stream)
	must(t, err)
	data, err := pgx.CollectRows(rows, pgx.RowTo[[]byte])
	must(t, err)
	return data
}

func handler[H any](t *testing.T, construct func(*workcmd.Work) (H, error), w *workWorld) H {
	t.Helper()
	h, err := construct(w.work)
	must(t, err)
	return h
}
