package projections

import (
	"context"
	"log/slog"
	"testing"
	"time"

	"github.com/ThreeDotsLabs/watermill/message"
	"github.com/google/uuid"

	"github.com/klient-crm/klient/eventstore"
	"github.com/klient-crm/klient/eventstore/postgres"
	"github.com/klient-crm/klient/internal/pgmigrate"
	"github.com/klient-crm/klient/internal/pgtest"
)

// The subscriber sends the next batch only after an Ack, and the same batch
// again after a Nack.
func TestSubscriberAckAndNack(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	store := logOf(ctx, t, "test.Happened", "test.Happened", "test.Happened", "test.Happened", "test.Happened")

	sub := newLogSubscriber(store, 2, slog.Default(), func(context.Context, string) (eventstore.Position, error) {
		return eventstore.Start, nil
	})
	msgs, err := sub.Subscribe(ctx, "t")
	mustNot(t, err)
	first := receive(t, msgs)
	first.Nack()
	again := receive(t, msgs)
	if again.Metadata.Get(metaFrom) != first.Metadata.Get(metaFrom) || again.Metadata.Get(metaLast) != first.Metadata.Get(metaLast) {
		t.Fatalf("after a Nack got %v, want the same batch %v", again.Metadata, first.Metadata)
	}
	seen := 0
	for m := again; ; m = receive(t, msgs) {
		b, err := sub.batchOf(m)
		mustNot(t, err)
		seen += len(b.Envelopes)
		m.Ack()
		if seen == 5 {
			break
		}
	}
	mustNot(t, sub.Close())
	if _, open := <-msgs; open {
		t.Fatal("the channel stayed open after Close")
	}
}

func receive(t *testing.T, msgs <-chan *message.Message) *message.Message {
	t.Helper()
	select {
	case m := <-msgs:
		return m
	case <-time.After(10 * time.Second):
		t.Fatal("no message")
		return nil
	}
}

// logOf is a fresh PostgreSQL event store holding one stream with an
// event of each of types, in order (events with no personal fields).
func logOf(ctx context.Context, t *testing.T, types ...string) *postgres.Store {
	t.Helper()
	pool := pgtest.NewPool(t)
	_, err := pgmigrate.Apply(ctx, pool, postgres.Migrations())
	mustNot(t, err)
	store, err := postgres.New(ctx, pool)
	mustNot(t, err)
	t.Cleanup(func() { _ = store.Close() })
	_, err = store.Append(ctx, "s-"+uuid.NewString(), eventstore.NoStream, envelopesOf(types...))
	mustNot(t, err)
	return store
}

// envelopesOf is an event of each of types, with no personal fields.
func envelopesOf(types ...string) []eventstore.Envelope {
	envs := make([]eventstore.Envelope, len(types))
	for i, typ := range types {
		envs[i] = eventstore.Envelope{ID: uuid.Must(uuid.NewV7()), Type: typ, SchemaVersion: 1,
			Data: []byte(`{}`), Metadata: eventstore.Metadata{Actor: "test", OccurredAt: time.Now()}}
	}
	return envs
}

func mustNot(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
