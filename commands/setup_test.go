package commands_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/klient-crm/klient/commands"
	klientcrypto "github.com/klient-crm/klient/crypto"
	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/contact"
	"github.com/klient-crm/klient/eventstore"
	"github.com/klient-crm/klient/eventstore/postgres"
	"github.com/klient-crm/klient/internal/pgmigrate"
	"github.com/klient-crm/klient/internal/pgtest"
)

// today is the tests' fixed clock.
var today = time.Date(2026, time.March, 15, 9, 30, 0, 0, time.UTC)

var staff = commands.Actor{ID: "staff-0001", CorrelationID: "req-0001"}

// world is a real event store, key ring and codec on a fresh database.
type world struct {
	contacts *commands.Contacts
	store    *postgres.Store
	codec    *eventstore.Codec
	keyring  *klientcrypto.Keyring
}

func newWorld(t *testing.T) *world {
	t.Helper()
	ctx := context.Background()
	pool := pgtest.NewPool(t)
	if _, err := pgmigrate.Apply(ctx, pool, postgres.Migrations(), klientcrypto.Migrations()); err != nil {
		t.Fatal(err)
	}
	master, err := klientcrypto.LoadMasterKey("", t.TempDir())
	must(t, err)
	keyring, err := klientcrypto.NewKeyring(ctx, pool, master)
	must(t, err)
	t.Cleanup(func() { _ = keyring.Close() })
	store, err := postgres.New(ctx, pool)
	must(t, err)
	t.Cleanup(func() { _ = store.Close() })
	codec := eventstore.NewCodec(keyring)
	must(t, codec.Register(contact.Events()...))
	contacts, err := commands.NewContacts(store, codec, func() time.Time { return today })
	must(t, err)
	return &world{contacts: contacts, store: store, codec: codec, keyring: keyring}
}

// stream reads a contact's stream back; a stream never written is empty.
func (w *world) stream(t *testing.T, id string) []eventstore.Envelope {
	t.Helper()
	envs, err := w.store.ReadStream(context.Background(), contact.StreamName(id), 0, 1000)
	if errors.Is(err, eventstore.ErrStreamNotFound) {
		return nil
	}
	must(t, err)
	return envs
}

// types lists the event types of a contact's stream.
func (w *world) types(t *testing.T, id string) []string {
	t.Helper()
	var out []string
	for _, env := range w.stream(t, id) {
		out = append(out, env.Type)
	}
	return out
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// refusedWith fails unless err is a *domain.Error of kind with code.
func refusedWith(t *testing.T, err error, kind domain.Kind, code string) {
	t.Helper()
	var e *domain.Error
	if !errors.As(err, &e) || e.Kind != kind || e.Code != code {
		t.Fatalf("got %v, want %s %s", err, kind, code)
	}
}
