package http_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"

	contactcmd "github.com/klient-crm/klient/commands/contact"
	"github.com/klient-crm/klient/commands/journal"
	"github.com/klient-crm/klient/domain/contact"
	"github.com/klient-crm/klient/eventstore"
	contactpages "github.com/klient-crm/klient/http/contacts"
	"github.com/klient-crm/klient/http/web"
	"github.com/klient-crm/klient/internal/apptest"
)

// answerLosingStore is the app's real store whose answers to appends are
// lost while lose is set: each append is written, then answered
// ErrOutcomeUnknown, as when the event store's connection breaks after the
// write reached it.
type answerLosingStore struct {
	journal.EventStore
	mu    sync.Mutex
	lose  bool
	sends int
}

func (s *answerLosingStore) Append(ctx context.Context, stream string, exp eventstore.ExpectedVersion, evs []eventstore.Envelope) (eventstore.AppendResult, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sends++
	res, err := s.EventStore.Append(ctx, stream, exp, evs)
	if err == nil && s.lose {
		return eventstore.AppendResult{}, eventstore.OutcomeUnknown(stream, errors.New("the answer was lost"))
	}
	return res, err
}

// A registration whose every answer is lost (the first send and the
// journal's resends with the same event IDs): 503 with Retry-After and the
// Swedish words that it may be saved and can be sent again, written once;
// the same request sent again registers nothing more.
func TestAPIOutcomeUnknownIs503AndTheSameRequestAgainWritesOnce(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	lossy := &answerLosingStore{EventStore: a.store, lose: true}
	contacts, err := contactcmd.NewContacts(lossy, a.codec, apptest.Now)
	must(t, err)
	register, err := contactcmd.NewRegisterPersonHandler(contacts)
	must(t, err)
	a.deps.People.Commands.RegisterPerson = register
	a.rebuild()

	before := a.events()
	body := `{"id":"01926f2e-8a39-7d6e-9c31-4c1d2b3a4f51","kind":"person","details":{"given_name":"Tolvan","family_name":"Tolvansson"}}`
	lost := a.call(http.MethodPost, "/api/v1/contacts", body)
	wantStatus(t, lost, http.StatusServiceUnavailable)
	p := decode[web.Problem](t, lost)
	if lost.Header().Get("Retry-After") == "" || p.Code != "store.outcome_unknown" || !strings.Contains(p.Detail, "skicka samma ändring igen") {
		t.Errorf("Retry-After %q, problem %+v: want the outcome-unknown answer", lost.Header().Get("Retry-After"), p)
	}
	stream, err := a.store.ReadStream(context.Background(), contact.StreamName("01926f2e-8a39-7d6e-9c31-4c1d2b3a4f51"), 0, 10)
	if lossy.sends < 2 || err != nil || len(stream) != 1 {
		t.Fatalf("%d sends left %d events in the contact's stream (%v), want resends and the registration once", lossy.sends, len(stream), err)
	}

	lossy.mu.Lock()
	lossy.lose = false
	lossy.mu.Unlock()
	again := a.call(http.MethodPost, "/api/v1/contacts", body)
	wantStatus(t, again, http.StatusCreated)
	if got := decode[contactpages.ContactJSON](t, again); got.ID != "01926f2e-8a39-7d6e-9c31-4c1d2b3a4f51" || a.events() != before+1 {
		t.Errorf("the request sent again: contact %q, %d new events; want the one registration", got.ID, a.events()-before)
	}
}
