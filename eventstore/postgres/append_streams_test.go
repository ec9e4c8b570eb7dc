package postgres

import (
	"context"
	"errors"
	"testing"

	"github.com/google/uuid"

	"github.com/klient-crm/klient/eventstore"
)

func newEvents(n int) []eventstore.Envelope {
	evs := make([]eventstore.Envelope, n)
	for i := range evs {
		evs[i] = eventstore.Envelope{ID: uuid.Must(uuid.NewV7()), Type: "Created", SchemaVersion: 1, Data: []byte(`{}`)}
	}
	return evs
}

// Many streams are created in one write, each as its own NoStream append
// (versions from 0, its own hash chain), in order in the log; a batch
// holding a stream that exists writes nothing at all.
func TestCreateStreams(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := newTestStore(t)
	batch := []eventstore.NewStream{{Stream: "a-1", Events: newEvents(1)}, {Stream: "b-1", Events: newEvents(3)},
		{Stream: "c-1", Events: newEvents(1)}}
	res, err := s.CreateStreams(ctx, batch)
	if err != nil {
		t.Fatal(err)
	}
	if len(res) != 3 || res[0].LastVersion != 0 || res[1].LastVersion != 2 || res[2].LastVersion != 0 ||
		!res[0].LastPosition.Less(res[1].LastPosition) || !res[1].LastPosition.Less(res[2].LastPosition) {
		t.Fatalf("results %+v", res)
	}
	b, err := s.ReadStream(ctx, "b-1", 0, 10)
	if err != nil || len(b) != 3 || b[2].Version != 2 || b[0].ID != batch[1].Events[0].ID {
		t.Fatalf("stream b-1: %d events, %v", len(b), err)
	}
	if rep, err := s.Verify(ctx, VerifyOptions{}); err != nil || rep.Broken != nil || rep.Events != 5 || rep.Streams != 3 {
		t.Fatalf("hash chains: %+v, %v", rep, err)
	}

	_, err = s.CreateStreams(ctx, []eventstore.NewStream{{Stream: "d-1", Events: newEvents(1)}, {Stream: "b-1", Events: newEvents(1)}})
	if !errors.Is(err, eventstore.ErrWrongExpectedVersion) {
		t.Fatalf("a batch with an existing stream: %v", err)
	}
	if _, err := s.ReadStream(ctx, "d-1", 0, 1); !errors.Is(err, eventstore.ErrStreamNotFound) {
		t.Fatalf("the batch's new stream was written: %v", err)
	}
}
