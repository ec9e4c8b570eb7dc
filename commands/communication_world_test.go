package commands_test

import (
	"context"
	"log/slog"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/klient-crm/klient/commands"
	klientcrypto "github.com/klient-crm/klient/crypto"
	"github.com/klient-crm/klient/domain/communication"
	"github.com/klient-crm/klient/domain/contact"
	"github.com/klient-crm/klient/eventstore"
	"github.com/klient-crm/klient/eventstore/postgres"
	"github.com/klient-crm/klient/internal/pgmigrate"
	"github.com/klient-crm/klient/internal/pgtest"
	"github.com/klient-crm/klient/projections"
	"github.com/klient-crm/klient/projections/communications"
	"github.com/klient-crm/klient/projections/documents"
)

// logWorld is the communication log and documents over a real event
// store, key ring, codec, blob store and projections runtime.
type logWorld struct {
	t        *testing.T
	pool     *pgxpool.Pool
	store    *postgres.Store
	keys     *klientcrypto.Keyring
	codec    *eventstore.Codec
	blobs    *documents.Store
	rt       *projections.Runtime
	contacts *commands.Contacts
	log      *commands.Communications
	docs     *commands.Documents
}

func newLogWorld(t *testing.T) *logWorld {
	t.Helper()
	ctx := context.Background()
	w := &logWorld{t: t, pool: pgtest.NewPool(t)}
	_, err := pgmigrate.Apply(ctx, w.pool, postgres.Migrations(), klientcrypto.Migrations(),
		projections.Migrations(), documents.Migrations())
	must(t, err)
	w.store, err = postgres.New(ctx, w.pool)
	must(t, err)
	t.Cleanup(func() { _ = w.store.Close() })
	master, err := klientcrypto.LoadMasterKey("", t.TempDir())
	must(t, err)
	w.keys, err = klientcrypto.NewKeyring(ctx, w.pool, master)
	must(t, err)
	t.Cleanup(func() { _ = w.keys.Close() })
	w.codec = eventstore.NewCodec(w.keys)
	must(t, w.codec.Register(contact.Events()...))
	must(t, w.codec.Register(communication.Events()...))
	w.blobs, err = documents.NewStore(w.pool, w.keys, documents.Config{})
	must(t, err)
	w.repositories(w.store, 0)
	w.runProjections()
	return w
}

// repositories builds the repositories on store, documents limited to
// maxSize bytes (0: the default).
func (w *logWorld) repositories(store commands.EventStore, maxSize int64) {
	clock := func() time.Time { return today }
	var err error
	w.contacts, err = commands.NewContacts(store, w.codec, clock)
	must(w.t, err)
	w.log, err = commands.NewCommunications(store, w.codec, clock)
	must(w.t, err)
	w.docs, err = commands.NewDocuments(store, w.codec, clock, w.blobs, maxSize)
	must(w.t, err)
}

func (w *logWorld) runProjections() {
	var err error
	w.rt, err = projections.New(projections.Config{Pool: w.pool, Store: w.store, Codec: w.codec,
		Projectors: []projections.Projector{communications.NewProjector(), documents.NewProjector()},
		Logger:     slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn})),
		LockRetry:  200 * time.Millisecond, PollInterval: 10 * time.Millisecond})
	must(w.t, err)
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { defer wg.Done(); _ = w.rt.Run(ctx) }()
	w.t.Cleanup(func() { cancel(); wg.Wait() })
}

// seen waits until projection name has passed pos (read-your-writes).
func (w *logWorld) seen(name string, pos eventstore.Position) {
	w.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	must(w.t, w.rt.WaitFor(ctx, name, pos))
}

// openMatter writes a matter's first event; the log only needs the
// stream to exist (domain/matter owns its events).
func (w *logWorld) openMatter() string {
	w.t.Helper()
	id := uuid.Must(uuid.NewV7()).String()
	env := eventstore.Envelope{ID: uuid.Must(uuid.NewV7()), Type: "matter.MatterOpened", SchemaVersion: 1,
		Data: []byte(`{}`), Metadata: eventstore.Metadata{Actor: staff.ID, OccurredAt: today}}
	_, err := w.store.Append(context.Background(), "matter-"+id, eventstore.NoStream, []eventstore.Envelope{env})
	must(w.t, err)
	return id
}

// person registers a contact and returns its ID.
func (w *logWorld) person(given string) string {
	w.t.Helper()
	h, err := commands.NewRegisterPersonHandler(w.contacts)
	must(w.t, err)
	res, err := h.Handle(context.Background(), commands.RegisterPerson{Actor: staff,
		Details: contact.PersonDetails{GivenName: given, FamilyName: "Testsson"}})
	must(w.t, err)
	return res.ContactID
}

// rows counts table's rows.
func (w *logWorld) rows(table string) int {
	w.t.Helper()
	var n int
	must(w.t, w.pool.QueryRow(context.Background(), `SELECT count(*) FROM `+table).Scan(&n))
	return n
}
