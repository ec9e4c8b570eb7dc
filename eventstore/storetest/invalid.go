package storetest

import (
	"errors"
	"testing"

	"github.com/google/uuid"

	"github.com/klient-crm/klient/eventstore"
)

var invalidChecks = []check{
	{"InvalidEmptyStreamName", invalidStreamName},
	{"InvalidNoEvents", invalidNoEvents},
	{"InvalidZeroID", invalidZeroID},
	{"InvalidEmptyType", invalidEmptyType},
	{"InvalidDuplicateIDInBatch", invalidDuplicateID},
}

// wantRefused appends evs (the last one is broken) and wants KindInvalid,
// with none of the batch written.
func wantRefused(t *testing.T, s eventstore.Store, stream string, evs []eventstore.Envelope) {
	t.Helper()
	_, err := s.Append(ctxFor(t), stream, eventstore.Any, evs)
	wantInvalid(t, err)
	if stream != "" {
		if _, err := s.ReadStream(ctxFor(t), stream, 0, 10); !errors.Is(err, eventstore.ErrStreamNotFound) {
			t.Errorf("reading the stream after an invalid append: %v, want ErrStreamNotFound", err)
		}
	}
	var valid []uuid.UUID
	for _, e := range evs {
		if e.ID != uuid.Nil {
			valid = append(valid, e.ID)
		}
	}
	wantAbsent(t, s, valid)
}

func invalidStreamName(t *testing.T, s eventstore.Store) {
	wantRefused(t, s, "", newEvents(t, 2))
}

func invalidNoEvents(t *testing.T, s eventstore.Store) {
	wantRefused(t, s, streamName("empty"), nil)
	wantRefused(t, s, streamName("empty"), []eventstore.Envelope{})
}

func invalidZeroID(t *testing.T, s eventstore.Store) {
	evs := newEvents(t, 2)
	evs[1].ID = uuid.Nil
	wantRefused(t, s, streamName("zeroid"), evs)
}

func invalidEmptyType(t *testing.T, s eventstore.Store) {
	evs := newEvents(t, 2)
	evs[1].Type = ""
	wantRefused(t, s, streamName("notype"), evs)
}

func invalidDuplicateID(t *testing.T, s eventstore.Store) {
	evs := newEvents(t, 2)
	evs = append(evs, evs[0])
	evs[2].Data = []byte(`{"copy":true}`)
	wantRefused(t, s, streamName("dupid"), evs)
}
