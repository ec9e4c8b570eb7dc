package communications_test

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
	"github.com/klient-crm/klient/domain/communication"
	"github.com/klient-crm/klient/eventstore"
	"github.com/klient-crm/klient/eventstore/postgres"
	"github.com/klient-crm/klient/internal/pgmigrate"
	"github.com/klient-crm/klient/internal/pgtest"
	"github.com/klient-crm/klient/projections"
	"github.com/klient-crm/klient/projections/communications"
)

var t0 = time.Date(2026, time.March, 2, 9, 0, 0, 0, time.UTC)

// world is one test's database with the real store, key ring, codec and a
// projections runtime holding the communications projector.
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
	t.Cleanup(func() { store.Close() })
	master, err := klientcrypto.LoadMasterKey("", t.TempDir())
	must(t, err)
	keys, err := klientcrypto.NewKeyring(ctx, pool, master)
	must(t, err)
	t.Cleanup(func() { keys.Close() })
	codec := eventstore.NewCodec(keys)
	must(t, codec.Register(communication.Events()...))
	w := &world{t: t, pool: pool, store: store, keys: keys, codec: codec}
	w.rt, err = projections.New(projections.Config{Pool: pool, Store: store, Codec: codec,
		Projectors: []projections.Projector{communications.NewProjector()}, Logger: quietLogger(),
		LockRetry: 200 * time.Millisecond, PollInterval: 10 * time.Millisecond})
	must(t, err)
	ctxRun, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { defer wg.Done(); _ = w.rt.Run(ctxRun) }()
	t.Cleanup(func() { cancel(); wg.Wait() })
	return w
}

// write appends events to one entry's stream, after what it holds.
func (w *world) write(id string, evs ...domain.Event) {
	w.t.Helper()
	ctx := context.Background()
	var envs []eventstore.Envelope
	for _, ev := range evs {
		env, err := w.codec.Encode(ctx, uuid.Must(uuid.NewV7()), ev, eventstore.Metadata{Actor: "staff-1", OccurredAt: time.Now()})
		must(w.t, err)
		envs = append(envs, env)
	}
	res, err := w.store.Append(ctx, communication.StreamName(id), eventstore.Any, envs)
	must(w.t, err)
	w.last = res.LastPosition
}

// caughtUp waits until the read model holds everything written so far.
func (w *world) caughtUp() {
	w.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	must(w.t, w.rt.WaitFor(ctx, "communications", w.last))
}

// logged is an entry of kind at t0 + hours, filed under matter (if any)
// and contacts, sealed as the domain would choose.
func logged(kind communication.Kind, hours int, matter string, contacts ...string) communication.CommunicationLogged {
	id := newID()
	return communication.CommunicationLogged{CommunicationID: id, MatterID: matter, ContactIDs: contacts,
		DataSubject: communication.DataSubjectFor(matter, contacts), Kind: kind,
		OccurredAt:   t0.Add(time.Duration(hours) * time.Hour),
		Participants: []communication.Participant{{Kind: communication.ParticipantStaff, ID: "staff-1"}},
		Content:      communication.Content{SubjectLine: "Ämne " + id[len(id)-4:], Body: "Text"}}
}

func newID() string { return uuid.Must(uuid.NewV7()).String() }

func ids(entries []communications.Entry) []string {
	out := make([]string, len(entries))
	for i, e := range entries {
		out[i] = e.ID
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
