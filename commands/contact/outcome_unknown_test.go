package contact_test

import (
	"context"
	"errors"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/klient-crm/klient/commands/commandtest"
	contactcmd "github.com/klient-crm/klient/commands/contact"
	"github.com/klient-crm/klient/commands/journal"
	"github.com/klient-crm/klient/domain/contact"
	"github.com/klient-crm/klient/eventstore"
)

// lossyStore is the world's real store whose answers to the first lose
// appends are lost: each is written, then answered ErrOutcomeUnknown, as
// when a connection breaks after the write reached the database. It keeps
// the event IDs of every append sent.
type lossyStore struct {
	journal.EventStore
	mu   sync.Mutex
	lose int
	sent [][]uuid.UUID
}

func (s *lossyStore) Append(ctx context.Context, stream string, exp eventstore.ExpectedVersion, evs []eventstore.Envelope) (eventstore.AppendResult, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	ids := make([]uuid.UUID, len(evs))
	for i, e := range evs {
		ids[i] = e.ID
	}
	s.sent = append(s.sent, ids)
	res, err := s.EventStore.Append(ctx, stream, exp, evs)
	if err == nil && s.lose > 0 {
		s.lose--
		return eventstore.AppendResult{}, eventstore.OutcomeUnknown(stream, errors.New("the answer was lost"))
	}
	return res, err
}

func (s *lossyStore) losing(n int) { s.mu.Lock(); s.lose, s.sent = n, nil; s.mu.Unlock() }

func (s *lossyStore) sends() [][]uuid.UUID {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.sent
}

func lossyContacts(t *testing.T) (*lossyStore, *contactcmd.Contacts, *commandtest.World) {
	t.Helper()
	w := newWorld(t)
	store := &lossyStore{EventStore: w.Store}
	contacts, err := contactcmd.NewContacts(store, w.Codec, func() time.Time { return today })
	must(t, err)
	return store, contacts, w
}

// wantSameIDs: every send carried the very same event IDs.
func wantSameIDs(t *testing.T, sent [][]uuid.UUID, sends int) {
	t.Helper()
	if len(sent) != sends {
		t.Fatalf("%d appends sent, want %d", len(sent), sends)
	}
	for i, ids := range sent {
		if !slices.Equal(ids, sent[0]) {
			t.Errorf("send %d carried %v, the first %v", i, ids, sent[0])
		}
	}
}

// An append whose answer is lost is resent with the same event IDs, which
// the store answers as the original: the command succeeds, written once.
func TestLostAnswerIsResentWithTheSameEventIDs(t *testing.T) {
	t.Parallel()
	store, contacts, w := lossyContacts(t)
	h, err := contactcmd.NewRegisterPersonHandler(contacts)
	must(t, err)
	store.losing(1)
	res, err := h.Handle(context.Background(), contactcmd.RegisterPerson{Actor: staff, Details: tolvan()})
	must(t, err)
	wantSameIDs(t, store.sends(), 2)
	if got := w.Types(t, res.ContactID); len(got) != 1 || res.Version != 0 {
		t.Errorf("stream %v, result version %d; want the one registration", got, res.Version)
	}

	change, err := contactcmd.NewChangeContactDetailsHandler(contacts)
	must(t, err)
	d := tolvan()
	d.FamilyName = "Tolvansdotter"
	store.losing(1)
	changed, err := change.HandlePerson(context.Background(), contactcmd.ChangePersonDetails{Actor: staff,
		ContactID: res.ContactID, ExpectedVersion: res.Version, Details: d})
	must(t, err)
	wantSameIDs(t, store.sends(), 2)
	want := []string{contact.TypePersonRegistered, contact.TypePersonDetailsChanged}
	if got := w.Types(t, res.ContactID); !slices.Equal(got, want) || changed.Version != 1 {
		t.Errorf("stream %v, result version %d; want %v", got, changed.Version, want)
	}
}

// When no resend gets an answer either, the command fails with
// ErrOutcomeUnknown (the HTTP edge's 503); the request sent again later,
// with its client-chosen ID, finds the registration and writes nothing more.
func TestOutcomeStillUnknownAndTheRequestSentAgainRegistersOnce(t *testing.T) {
	t.Parallel()
	store, contacts, w := lossyContacts(t)
	h, err := contactcmd.NewRegisterPersonHandler(contacts)
	must(t, err)
	cmd := contactcmd.RegisterPerson{Actor: staff, ContactID: uuid.NewString(), Details: tolvan()}
	store.losing(10)
	if _, err := h.Handle(context.Background(), cmd); !errors.Is(err, eventstore.ErrOutcomeUnknown) {
		t.Fatalf("every answer lost: %v, want ErrOutcomeUnknown", err)
	}
	wantSameIDs(t, store.sends(), 3)
	store.losing(0)
	res, err := h.Handle(context.Background(), cmd)
	must(t, err)
	if got := w.Types(t, cmd.ContactID); len(got) != 1 || res.Version != 0 {
		t.Errorf("stream %v, result version %d; want the one registration", got, res.Version)
	}
}
