package commandtest

import (
	"context"
	"errors"
	"testing"
	"time"

	contactcmd "github.com/klient-crm/klient/commands/contact"
	"github.com/klient-crm/klient/commands/journal"
	klientcrypto "github.com/klient-crm/klient/crypto"
	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/contact"
	"github.com/klient-crm/klient/eventstore"
	"github.com/klient-crm/klient/eventstore/postgres"
	"github.com/klient-crm/klient/internal/pgmigrate"
	"github.com/klient-crm/klient/internal/pgtest"
)

// Today is the tests' fixed clock.
var Today = time.Date(2026, time.March, 15, 9, 30, 0, 0, time.UTC)

// Staff is the tests' actor: a staff member signed in for one request.
var Staff = journal.Actor{ID: "staff-0001", CorrelationID: "req-0001"}

// World is a real event store, key ring and codec on a fresh database.
type World struct {
	Contacts *contactcmd.Contacts
	Store    *postgres.Store
	Codec    *eventstore.Codec
	Keyring  *klientcrypto.Keyring
}

// NewWorld makes a world with the contacts repository on the fixed clock.
func NewWorld(t *testing.T) *World {
	t.Helper()
	ctx := context.Background()
	pool := pgtest.NewPool(t)
	if _, err := pgmigrate.Apply(ctx, pool, postgres.Migrations(), klientcrypto.Migrations()); err != nil {
		t.Fatal(err)
	}
	master, err := klientcrypto.LoadMasterKey("", t.TempDir())
	Must(t, err)
	keyring, err := klientcrypto.NewKeyring(ctx, pool, master)
	Must(t, err)
	t.Cleanup(func() { _ = keyring.Close() })
	store, err := postgres.New(ctx, pool)
	Must(t, err)
	t.Cleanup(func() { _ = store.Close() })
	codec := eventstore.NewCodec(keyring)
	Must(t, codec.Register(contact.Events()...))
	contacts, err := contactcmd.NewContacts(store, codec, func() time.Time { return Today })
	Must(t, err)
	numberKey, err := keyring.IndexKey(ctx, contactcmd.NumberKeyName)
	Must(t, err)
	contacts.WithNumberKey(numberKey)
	return &World{Contacts: contacts, Store: store, Codec: codec, Keyring: keyring}
}

// Stream reads a contact's stream back; a stream never written is empty.
func (w *World) Stream(t *testing.T, id string) []eventstore.Envelope {
	t.Helper()
	envs, err := w.Store.ReadStream(context.Background(), contact.StreamName(id), 0, 1000)
	if errors.Is(err, eventstore.ErrStreamNotFound) {
		return nil
	}
	Must(t, err)
	return envs
}

// Types lists the event types of a contact's stream.
func (w *World) Types(t *testing.T, id string) []string {
	t.Helper()
	var out []string
	for _, env := range w.Stream(t, id) {
		out = append(out, env.Type)
	}
	return out
}

// Must fails the test at once on an error.
func Must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// RefusedWith fails unless err is a *domain.Error of kind with code.
func RefusedWith(t *testing.T, err error, kind domain.Kind, code string) {
	t.Helper()
	var e *domain.Error
	if !errors.As(err, &e) || e.Kind != kind || e.Code != code {
		t.Fatalf("got %v, want %s %s", err, kind, code)
	}
}

// Problems lists the fields of every problem a joined validation error holds.
func Problems(err error) []string {
	var out []string
	for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
		out = append(out, e.(*domain.Error).Field)
	}
	return out
}
