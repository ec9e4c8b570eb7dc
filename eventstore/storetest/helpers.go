package storetest

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/eventstore"
)

// patience bounds every wait for an event to become visible: generous,
// because other tests may hold back the log's horizon on a shared server.
const patience = 20 * time.Second

func ctxFor(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(t.Context(), patience+10*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// streamName makes a name no other sub-test or run uses.
func streamName(kind string) string { return kind + "-" + uuid.NewString() }

// newEvents builds n envelopes with fresh UUIDv7 IDs and distinct bodies.
func newEvents(t *testing.T, n int) []eventstore.Envelope {
	t.Helper()
	evs := make([]eventstore.Envelope, n)
	for i := range evs {
		id, err := uuid.NewV7()
		if err != nil {
			t.Fatal(err)
		}
		evs[i] = eventstore.Envelope{
			ID:            id,
			Type:          "ConformanceChecked",
			SchemaVersion: 1,
			Data:          fmt.Appendf(nil, `{"n":%d,"id":%q}`, i, id),
			Metadata:      eventstore.Metadata{Actor: "staff-storetest", OccurredAt: time.Now().UTC().Truncate(time.Microsecond)},
		}
	}
	return evs
}

func mustAppend(t *testing.T, s eventstore.Store, stream string, exp eventstore.ExpectedVersion, evs []eventstore.Envelope) eventstore.AppendResult {
	t.Helper()
	res, err := s.Append(ctxFor(t), stream, exp, evs)
	if err != nil {
		t.Fatalf("append %d events to %s expecting %s: %v", len(evs), stream, exp, err)
	}
	return res
}

func wantConflict(t *testing.T, err error) {
	t.Helper()
	if err == nil {
		t.Fatal("append succeeded, want a wrong-expected-version conflict")
	}
	if k := domain.KindOf(err); k != domain.KindConflict {
		t.Errorf("error kind %q, want %q (error: %v)", k, domain.KindConflict, err)
	}
	if !errors.Is(err, eventstore.ErrWrongExpectedVersion) {
		t.Errorf("errors.Is(err, ErrWrongExpectedVersion) is false for %v", err)
	}
}

func wantInvalid(t *testing.T, err error) {
	t.Helper()
	if err == nil {
		t.Fatal("call succeeded, want an invalid-input error")
	}
	if k := domain.KindOf(err); k != domain.KindInvalid {
		t.Errorf("error kind %q, want %q (error: %v)", k, domain.KindInvalid, err)
	}
}

func ids(evs []eventstore.Envelope) []uuid.UUID {
	out := make([]uuid.UUID, len(evs))
	for i, e := range evs {
		out[i] = e.ID
	}
	return out
}
