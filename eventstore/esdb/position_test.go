package esdb_test

import (
	"errors"
	"testing"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/eventstore"
)

// The server answers a $all read or subscription from inside a record with
// InvalidArgument; the adapter says the position names no event, instead
// of calling the caller's input "too large or malformed".
func TestStartInsideARecordIsNotARecord(t *testing.T) {
	s, _ := standinStore(t)
	mustAppend(t, s, "matter-p", eventstore.NoStream, events(t, 2))
	all, err := s.ReadAll(ctxFor(t), eventstore.Start, 10)
	if err != nil || len(all) != 2 {
		t.Fatalf("read all: %d events, %v", len(all), err)
	}
	inside := eventstore.Position{Commit: all[0].Position.Commit + 1, Prepare: all[0].Position.Prepare + 1}
	_, err = s.ReadAll(ctxFor(t), inside, 10)
	if !errors.Is(err, eventstore.ErrPositionNotARecord) || domain.IsKind(err, domain.KindInvalid) {
		t.Errorf("read all from inside a record: %v, want ErrPositionNotARecord", err)
	}
	if sub, err := s.SubscribeAll(ctxFor(t), inside); !errors.Is(err, eventstore.ErrPositionNotARecord) {
		if sub != nil {
			_ = sub.Close()
		}
		t.Errorf("subscribe from inside a record: %v, want ErrPositionNotARecord", err)
	}
}
