package storetest

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/klient-crm/klient/eventstore"
)

var subscribeChecks = []check{
	{"SubscribeHistoryThenLive", subscribeHistoryThenLive},
	{"SubscribeFromMiddle", subscribeFromMiddle},
	{"SubscribeNextHonoursCtx", subscribeNextCtx},
	{"SubscribeCloseEndsNext", subscribeClose},
}

func subscribeHistoryThenLive(t *testing.T, s eventstore.Store) {
	stream, e := streamName("sub"), newEvents(t, 6)
	mustAppend(t, s, stream, eventstore.NoStream, e[:3])
	f := subscribe(t, s, eventstore.Start)
	wantIDs(t, "history", f.collect(ids(e), 3), ids(e[:3]))
	mustAppend(t, s, stream, eventstore.Exact(2), e[3:4])
	mustAppend(t, s, stream, eventstore.Exact(3), e[4:])
	wantIDs(t, "live", f.collect(ids(e), 3), ids(e[3:]))
	f.quiet(ids(e))
}

func subscribeFromMiddle(t *testing.T, s eventstore.Store) {
	stream, e := streamName("sub"), newEvents(t, 6)
	mustAppend(t, s, stream, eventstore.NoStream, e[:5])
	all := awaitAll(t, s, eventstore.Start, ids(e[:5]))
	if len(all) != 5 {
		t.Fatalf("%d of 5 events visible", len(all))
	}
	f := subscribe(t, s, all[1].Position)
	wantIDs(t, "history after the second event", f.collect(ids(e), 3), ids(e[2:5]))
	mustAppend(t, s, stream, eventstore.Exact(4), e[5:])
	wantIDs(t, "live", f.collect(ids(e), 1), ids(e[5:]))
	f.quiet(ids(e))
}

// subscribeNextCtx: a cancelled or expired Next returns the ctx error
// promptly, and the subscription still delivers what comes next.
func subscribeNextCtx(t *testing.T, s eventstore.Store) {
	barrier(t, s)
	f := subscribe(t, s, eventstore.Start)
	cancelled, cancel := context.WithCancel(t.Context())
	cancel()
	if _, err := f.sub.Next(cancelled); !errors.Is(err, context.Canceled) {
		t.Errorf("Next with a cancelled ctx: %v, want context.Canceled", err)
	}
	started := time.Now()
	for {
		_, err := f.next(150 * time.Millisecond)
		if err != nil {
			if !errors.Is(err, context.DeadlineExceeded) {
				t.Errorf("Next with an expiring ctx: %v, want context.DeadlineExceeded", err)
			}
			break
		}
	}
	if waited := time.Since(started); waited > patience {
		t.Errorf("Next ignored its ctx for %s", waited)
	}
	e := newEvents(t, 1)
	mustAppend(t, s, streamName("sub"), eventstore.NoStream, e)
	wantIDs(t, "after a cancelled Next", f.collect(ids(e), 1), ids(e))
}

func subscribeClose(t *testing.T, s eventstore.Store) {
	f := subscribe(t, s, eventstore.Start)
	blocked := make(chan error, 1)
	go func() {
		for {
			if _, err := f.sub.Next(t.Context()); err != nil {
				blocked <- err
				return
			}
		}
	}()
	time.Sleep(100 * time.Millisecond)
	if err := f.sub.Close(); err != nil {
		t.Errorf("Close: %v", err)
	}
	select {
	case err := <-blocked:
		if !errors.Is(err, eventstore.ErrSubscriptionClosed) {
			t.Errorf("blocked Next after Close: %v, want ErrSubscriptionClosed", err)
		}
	case <-time.After(patience):
		t.Fatal("Close did not wake a blocked Next")
	}
	if _, err := f.sub.Next(t.Context()); !errors.Is(err, eventstore.ErrSubscriptionClosed) {
		t.Errorf("Next after Close: %v, want ErrSubscriptionClosed", err)
	}
}
