package projections

import (
	"context"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/klient-crm/klient/eventstore"
	"github.com/klient-crm/klient/eventstore/postgres"
	"github.com/klient-crm/klient/internal/pgmigrate"
	"github.com/klient-crm/klient/internal/pgtest"
)

// The shared feed opens the events its members handle and no others. A
// read model rebuilt from the start of the log while the audit trail
// (which handles every type) reads on its own at the head must not have the
// whole log opened for it (issue 19: a rebuild at start-up was thirty times
// slower than the same rebuild from the command line).
func TestFeedOpensOnlyWhatItsMembersHandle(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	pool := pgtest.NewPool(t)
	_, err := pgmigrate.Apply(ctx, pool, postgres.Migrations())
	mustNot(t, err)
	store, err := postgres.New(ctx, pool)
	mustNot(t, err)
	defer store.Close()
	const each = 300
	var envs []eventstore.Envelope
	for i := range 2 * each {
		typ := "test.Wanted"
		if i%2 == 1 {
			typ = "test.Other"
		}
		envs = append(envs, eventstore.Envelope{ID: uuid.Must(uuid.NewV7()), Type: typ, SchemaVersion: 1,
			Data: []byte(`{}`), Metadata: eventstore.Metadata{Actor: "test", OccurredAt: time.Now()}})
	}
	_, err = store.Append(ctx, "s-"+uuid.NewString(), eventstore.NoStream, envs)
	mustNot(t, err)

	dec := &typeCounter{opened: map[string]int{}}
	f := newFeed(&Config{Store: store, Codec: dec, FeedWindow: 10000, BatchSize: 100, Logger: slog.Default()}, 2)
	wanted := func(typ string) bool { return typ == "test.Wanted" }
	a, err := f.join(eventstore.Start, wanted)
	mustNot(t, err)
	defer a.leave()
	b, err := f.join(eventstore.Start, wanted)
	mustNot(t, err)
	defer b.leave()
	for _, m := range []*feedMember{a, b} {
		seen, shared := 0, 0
		for seen < 2*each {
			got, opened, err := m.next(ctx, 100)
			mustNot(t, err)
			for i, env := range got {
				if env.Type == "test.Wanted" && opened[i].Event != nil {
					shared++
				}
			}
			seen += len(got)
		}
		if shared != each {
			t.Errorf("a member was handed %d opened events of its type, want all %d", shared, each)
		}
	}
	dec.mu.Lock()
	defer dec.mu.Unlock()
	if dec.opened["test.Other"] != 0 {
		t.Errorf("the feed opened %d events no member handles, want none", dec.opened["test.Other"])
	}
	if dec.opened["test.Wanted"] != each {
		t.Errorf("the feed opened %d events its members handle, want each of the %d once", dec.opened["test.Wanted"], each)
	}
}

// typeCounter opens every event it is given (these carry no personal
// fields) and counts them by type.
type typeCounter struct {
	mu     sync.Mutex
	opened map[string]int
}

type happened struct{}

func (happened) EventType() string  { return "test.Happened" }
func (happened) SchemaVersion() int { return 1 }

func (c *typeCounter) Decode(_ context.Context, env eventstore.Envelope) (eventstore.Decoded, error) {
	c.mu.Lock()
	c.opened[env.Type]++
	c.mu.Unlock()
	return eventstore.Decoded{Envelope: env, Event: happened{}}, nil
}
