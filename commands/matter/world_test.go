package matter_test

import (
	"context"
	"log/slog"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	contactcmd "github.com/klient-crm/klient/commands/contact"
	mattercmd "github.com/klient-crm/klient/commands/matter"
	staffcmd "github.com/klient-crm/klient/commands/staff"
	klientcrypto "github.com/klient-crm/klient/crypto"
	"github.com/klient-crm/klient/domain/access"
	"github.com/klient-crm/klient/domain/contact"
	"github.com/klient-crm/klient/domain/matter"
	"github.com/klient-crm/klient/eventstore"
	"github.com/klient-crm/klient/eventstore/postgres"
	"github.com/klient-crm/klient/internal/pgmigrate"
	"github.com/klient-crm/klient/internal/pgtest"
	"github.com/klient-crm/klient/projections"
	"github.com/klient-crm/klient/projections/conflicts"
	"github.com/klient-crm/klient/projections/matters"
)

// matterWorld is a real event store, key ring, codec and projections
// runtime (the conflict index and the matters read model) on a fresh
// database, with the repositories the matter commands need.
type matterWorld struct {
	pool     *pgxpool.Pool
	store    *postgres.Store
	codec    *eventstore.Codec
	keyring  *klientcrypto.Keyring
	rt       *projections.Runtime
	contacts *contactcmd.Contacts
	staff    *staffcmd.Staff
	matters  *mattercmd.Matters
	checker  *conflicts.Checker

	mu   sync.Mutex
	last eventstore.Position
}

func newMatterWorld(t *testing.T) *matterWorld {
	t.Helper()
	ctx := context.Background()
	w := &matterWorld{pool: pgtest.NewPool(t)}
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
	must(t, w.codec.Register(contact.Events()...))
	must(t, w.codec.Register(access.Events()...))
	must(t, w.codec.Register(matter.Events()...))
	w.repositories(t)
	w.runProjections(t)
	return w
}

func (w *matterWorld) repositories(t *testing.T) {
	clock := func() time.Time { return today }
	var err error
	w.contacts, err = contactcmd.NewContacts(w.store, w.codec, clock)
	must(t, err)
	w.staff, err = staffcmd.NewStaff(w.store, w.codec, clock, noDirectory{})
	must(t, err)
	w.matters, err = w.newMatters()
	must(t, err)
	w.checker, err = conflicts.NewChecker(w.pool)
	must(t, err)
}

// newMatters is one more repository over the same store: another instance
// of Klient, as far as numbering goes.
func (w *matterWorld) newMatters() (*mattercmd.Matters, error) {
	return mattercmd.NewMatters(w.store, w.codec, func() time.Time { return today }, mattercmd.MatterConfig{})
}

func (w *matterWorld) runProjections(t *testing.T) {
	var err error
	w.rt, err = projections.New(projections.Config{Pool: w.pool, Store: w.store, Codec: w.codec,
		Projectors: []projections.Projector{conflicts.NewProjector(), matters.NewProjector()},
		Logger:     slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn})),
		LockRetry:  200 * time.Millisecond, PollInterval: 10 * time.Millisecond})
	must(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Go(func() { _ = w.rt.Run(ctx) })
	t.Cleanup(func() { cancel(); wg.Wait() })
}

// wrote notes a position a later settle must wait for.
func (w *matterWorld) wrote(p eventstore.Position) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.last.Less(p) {
		w.last = p
	}
}

// settle waits until both read models hold everything written so far.
func (w *matterWorld) settle(t *testing.T) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	for _, name := range []string{conflicts.Name, matters.Name} {
		must(t, w.rt.WaitFor(ctx, name, w.last))
	}
}

// noDirectory knows no e-mail addresses: every staff address is free.
type noDirectory struct{}

func (noDirectory) StaffIDByEmail(context.Context, string) (string, bool, error) {
	return "", false, nil
}
