package projections

import (
	"context"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/klient-crm/klient/eventstore"
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
	const each = 300
	var types []string
	for range each {
		types = append(types, "test.Wanted", "test.Other")
	}
	store := logOf(ctx, t, types...)

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

// What the feed opens follows its members as they come and go: a member
// that joins has its types opened in the pages read after it joined, and
// once it leaves they are opened no more.
func TestFeedOpensForMembersAsTheyJoinAndLeave(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	store := logOf(ctx, t, "test.Wanted", "test.Other")
	appendPair := func() {
		t.Helper()
		_, err := store.Append(ctx, "s-"+uuid.NewString(), eventstore.NoStream, envelopesOf("test.Wanted", "test.Other"))
		mustNot(t, err)
	}
	dec := &typeCounter{opened: map[string]int{}}
	f := newFeed(&Config{Store: store, Codec: dec, FeedWindow: 10000, BatchSize: 100, Logger: slog.Default()}, 1)
	// take reads m's next n events and says how many of type typ came opened.
	take := func(m *feedMember, n int, typ string) (opened int) {
		t.Helper()
		for seen := 0; seen < n; {
			got, dec, err := m.next(ctx, n-seen)
			mustNot(t, err)
			for i, env := range got {
				if env.Type == typ && dec[i].Event != nil {
					opened++
				}
			}
			seen += len(got)
		}
		return opened
	}
	a, err := f.join(eventstore.Start, func(typ string) bool { return typ == "test.Wanted" })
	mustNot(t, err)
	defer a.leave()
	take(a, 2, "")
	f.mu.Lock()
	end := f.members[a]
	f.mu.Unlock()
	b, err := f.join(end, func(typ string) bool { return typ == "test.Other" })
	mustNot(t, err)
	appendPair()
	if got := take(b, 2, "test.Other"); got != 1 {
		t.Errorf("a member that joined was handed %d opened events of its type read after it joined, want 1", got)
	}
	take(a, 2, "")
	b.leave()
	dec.mu.Lock()
	before := dec.opened["test.Other"]
	dec.mu.Unlock()
	appendPair()
	take(a, 2, "")
	dec.mu.Lock()
	defer dec.mu.Unlock()
	if after := dec.opened["test.Other"]; after != before {
		t.Errorf("the feed opened %d events of a type only a member that left handles", after-before)
	}
}
