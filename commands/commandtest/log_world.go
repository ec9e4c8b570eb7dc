package commandtest

import (
	"context"
	"log/slog"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgxpool"

	commcmd "github.com/klient-crm/klient/commands/communication"
	contactcmd "github.com/klient-crm/klient/commands/contact"
	documentcmd "github.com/klient-crm/klient/commands/document"
	"github.com/klient-crm/klient/commands/journal"
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

// LogWorld is the communication log and documents over a real event
// store, key ring, codec, blob store and projections runtime.
type LogWorld struct {
	T        *testing.T
	Pool     *pgxpool.Pool
	Store    *postgres.Store
	Keys     *klientcrypto.Keyring
	Codec    *eventstore.Codec
	Blobs    *documents.Store
	RT       *projections.Runtime
	Contacts *contactcmd.Contacts
	Log      *commcmd.Communications
	Docs     *documentcmd.Documents
}

// NewLogWorld makes a log world with its projections running.
func NewLogWorld(t *testing.T) *LogWorld {
	t.Helper()
	ctx := context.Background()
	w := &LogWorld{T: t, Pool: pgtest.NewPool(t)}
	_, err := pgmigrate.Apply(ctx, w.Pool, postgres.Migrations(), klientcrypto.Migrations(),
		projections.Migrations(), documents.Migrations())
	Must(t, err)
	w.Store, err = postgres.New(ctx, w.Pool)
	Must(t, err)
	t.Cleanup(func() { _ = w.Store.Close() })
	master, err := klientcrypto.LoadMasterKey("", t.TempDir())
	Must(t, err)
	w.Keys, err = klientcrypto.NewKeyring(ctx, w.Pool, master)
	Must(t, err)
	t.Cleanup(func() { _ = w.Keys.Close() })
	w.Codec = eventstore.NewCodec(w.Keys)
	Must(t, w.Codec.Register(contact.Events()...))
	Must(t, w.Codec.Register(communication.Events()...))
	w.Blobs, err = documents.NewStore(w.Pool, w.Keys, documents.Config{})
	Must(t, err)
	w.Repositories(w.Store, 0)
	w.runProjections()
	return w
}

// Repositories builds the repositories on store, documents limited to
// maxSize bytes (0: the default).
func (w *LogWorld) Repositories(store journal.EventStore, maxSize int64) {
	clock := func() time.Time { return Today }
	var err error
	w.Contacts, err = contactcmd.NewContacts(store, w.Codec, clock)
	Must(w.T, err)
	numberKey, err := w.Keys.IndexKey(context.Background(), contactcmd.NumberKeyName)
	Must(w.T, err)
	w.Contacts.WithNumberKey(numberKey)
	w.Log, err = commcmd.NewCommunications(store, w.Codec, clock)
	Must(w.T, err)
	w.Docs, err = documentcmd.NewDocuments(store, w.Codec, clock, w.Blobs, maxSize)
	Must(w.T, err)
}

func (w *LogWorld) runProjections() {
	var err error
	w.RT, err = projections.New(projections.Config{Pool: w.Pool, Store: w.Store, Codec: w.Codec,
		Projectors: []projections.Projector{communications.NewProjector(), documents.NewProjector()},
		Logger:     slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn})),
		LockRetry:  200 * time.Millisecond, PollInterval: 10 * time.Millisecond})
	Must(w.T, err)
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { defer wg.Done(); _ = w.RT.Run(ctx) }()
	w.T.Cleanup(func() { cancel(); wg.Wait() })
}

// Seen waits until projection name has passed pos (read-your-writes).
func (w *LogWorld) Seen(name string, pos eventstore.Position) {
	w.T.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	Must(w.T, w.RT.WaitFor(ctx, name, pos))
}

// OpenMatter writes a matter's first event; the log only needs the
// stream to exist (domain/matter owns its events).
func (w *LogWorld) OpenMatter() string {
	w.T.Helper()
	id := uuid.Must(uuid.NewV7()).String()
	env := eventstore.Envelope{ID: uuid.Must(uuid.NewV7()), Type: "matter.MatterOpened", SchemaVersion: 1,
		Data: []byte(`{}`), Metadata: eventstore.Metadata{Actor: Staff.ID, OccurredAt: Today}}
	_, err := w.Store.Append(context.Background(), "matter-"+id, eventstore.NoStream, []eventstore.Envelope{env})
	Must(w.T, err)
	return id
}

// Person registers a contact and returns its ID.
func (w *LogWorld) Person(given string) string {
	w.T.Helper()
	h, err := contactcmd.NewRegisterPersonHandler(w.Contacts)
	Must(w.T, err)
	res, err := h.Handle(context.Background(), contactcmd.RegisterPerson{Actor: Staff,
		Details: contact.PersonDetails{GivenName: given, FamilyName: "Testsson"}})
	Must(w.T, err)
	return res.ContactID
}

// Rows counts table's rows.
func (w *LogWorld) Rows(table string) int {
	w.T.Helper()
	var n int
	Must(w.T, w.Pool.QueryRow(context.Background(), `SELECT count(*) FROM `+table).Scan(&n))
	return n
}

// PhoneCall is a phone call's details, with Staff taking part.
func PhoneCall(at time.Time, subject, body string) communication.Details {
	return communication.Details{Kind: communication.KindPhoneCall, OccurredAt: at, SubjectLine: subject, Body: body,
		Participants: []communication.Participant{{Kind: communication.ParticipantStaff, ID: Staff.ID}}}
}

// LogEntry logs cmd as Staff.
func (w *LogWorld) LogEntry(cmd commcmd.LogCommunication) commcmd.CommunicationResult {
	w.T.Helper()
	h, err := commcmd.NewLogCommunicationHandler(w.Log)
	Must(w.T, err)
	cmd.Actor = Staff
	res, err := h.Handle(context.Background(), cmd)
	Must(w.T, err)
	return res
}
