package standin_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/kurrent-io/KurrentDB-Client-Go/kurrentdb"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

func TestStreamReads(t *testing.T) {
	c, _ := client(t)
	appendTo(t, c, "s", kurrentdb.NoStream{}, eventData(5))
	fwd, _ := drain(c.ReadStream(ctxFor(t), "s", kurrentdb.ReadStreamOptions{From: kurrentdb.Revision(3)}, 10))
	back, _ := drain(c.ReadStream(ctxFor(t), "s", kurrentdb.ReadStreamOptions{From: kurrentdb.End{}, Direction: kurrentdb.Backwards}, 2))
	if len(fwd) != 2 || fwd[0].EventNumber != 3 || len(back) != 2 || back[0].EventNumber != 4 || back[1].EventNumber != 3 {
		t.Errorf("forwards from 3: %d events; backwards from end: %d events", len(fwd), len(back))
	}
	if _, err := drain(c.ReadStream(ctxFor(t), "missing", kurrentdb.ReadStreamOptions{}, 10)); errorCode(err) != kurrentdb.ErrorCodeResourceNotFound {
		t.Errorf("missing stream: %v, want ResourceNotFound", err)
	}
}

// A $all read from a position includes the event there; a subscription
// from a position starts after it. The adapter depends on knowing both.
func TestAllReadIsInclusiveSubscriptionExclusive(t *testing.T) {
	c, _ := client(t)
	appendTo(t, c, "s", kurrentdb.NoStream{}, eventData(3))
	all, _ := drain(c.ReadAll(ctxFor(t), kurrentdb.ReadAllOptions{}, 100))
	if len(all) != 4 || all[0].EventType[0] != '$' {
		t.Fatalf("$all holds %d events, want the seeded system event and 3 more", len(all))
	}
	from, _ := drain(c.ReadAll(ctxFor(t), kurrentdb.ReadAllOptions{From: all[2].Position}, 100))
	if len(from) != 2 || from[0].EventID != all[2].EventID {
		t.Errorf("read from event 2's position starts with %v", from[0].EventID)
	}
	sub, err := c.SubscribeToAll(ctxFor(t), kurrentdb.SubscribeToAllOptions{From: all[2].Position})
	if err != nil {
		t.Fatal(err)
	}
	defer sub.Close()
	if ev := nextEvent(t, sub); ev.EventID != all[3].EventID {
		t.Errorf("subscription from event 2's position starts with %v, want event 3", ev.EventID)
	}
}

func TestFilteredSubscriptionGoesLive(t *testing.T) {
	c, srv := client(t)
	sub, err := c.SubscribeToAll(ctxFor(t), kurrentdb.SubscribeToAllOptions{From: kurrentdb.Start{}, Filter: kurrentdb.ExcludeSystemEventsFilter()})
	if err != nil {
		t.Fatal(err)
	}
	defer sub.Close()
	srv.WriteSystemEvent()
	evs := eventData(2)
	appendTo(t, c, "s", kurrentdb.Any{}, evs)
	for i := range evs {
		if ev := nextEvent(t, sub); ev.EventID != evs[i].EventID {
			t.Errorf("live event %d is %v (%s)", i, ev.EventID, ev.EventType)
		}
	}
}

// The client pings every 10 s; a server with gRPC's default keepalive policy
// would drop the connection after a few pings and kill live subscriptions.
func TestSubscriptionSurvivesClientPings(t *testing.T) {
	if testing.Short() {
		t.Skip("waits 35 s for client keepalive pings")
	}
	c, _ := client(t)
	// t.Context, not ctxFor: the subscription must outlive ctxFor's timeout.
	sub, err := c.SubscribeToAll(t.Context(), kurrentdb.SubscribeToAllOptions{From: kurrentdb.End{}})
	if err != nil {
		t.Fatal(err)
	}
	defer sub.Close()
	time.Sleep(35 * time.Second)
	evs := eventData(1)
	appendTo(t, c, "s", kurrentdb.Any{}, evs)
	if ev := nextEvent(t, sub); ev.EventID != evs[0].EventID {
		t.Errorf("after idle pings got %v", ev.EventID)
	}
}

// nextEvent skips checkpoints and caught-up notices.
func nextEvent(t *testing.T, sub *kurrentdb.Subscription) *kurrentdb.RecordedEvent {
	t.Helper()
	for {
		ev := sub.Recv()
		if ev.SubscriptionDropped != nil {
			t.Fatalf("subscription dropped: %v", ev.SubscriptionDropped.Error)
		}
		if ev.EventAppeared != nil {
			return ev.EventAppeared.OriginalEvent()
		}
	}
}

// What the adapter guards against, as the real server does it: a $all read
// or subscription from inside a record is InvalidArgument, while one from
// beyond the end of the log is not refused — the read is empty, and the
// subscription silently drops every later event up to that place.
func TestPositionsInsideAndBeyondTheLog(t *testing.T) {
	c, _ := client(t)
	appendTo(t, c, "s", kurrentdb.NoStream{}, eventData(2))
	all, _ := drain(c.ReadAll(ctxFor(t), kurrentdb.ReadAllOptions{}, 100))
	last := all[len(all)-1].Position
	inside := kurrentdb.Position{Commit: last.Commit + 1, Prepare: last.Prepare + 1}
	if _, err := drain(c.ReadAll(ctxFor(t), kurrentdb.ReadAllOptions{From: inside}, 10)); status.Code(errors.Unwrap(err)) != codes.InvalidArgument ||
		!strings.Contains(err.Error(), "Trying to read from an invalid position.") {
		t.Errorf("read from inside a record: %v, want InvalidArgument", err)
	}
	if _, err := c.SubscribeToAll(ctxFor(t), kurrentdb.SubscribeToAllOptions{From: inside}); err == nil {
		t.Error("subscribing from inside a record succeeded")
	}
	beyond := kurrentdb.Position{Commit: last.Commit + 1<<20, Prepare: last.Prepare + 1<<20}
	if got, err := drain(c.ReadAll(ctxFor(t), kurrentdb.ReadAllOptions{From: beyond}, 10)); err != nil || len(got) != 0 {
		t.Errorf("read from beyond the end: %d events, %v; want none and no error", len(got), err)
	}
	sub, err := c.SubscribeToAll(ctxFor(t), kurrentdb.SubscribeToAllOptions{From: beyond})
	if err != nil {
		t.Fatal(err)
	}
	defer sub.Close()
	appeared := make(chan *kurrentdb.RecordedEvent, 1)
	go func() {
		for {
			ev := sub.Recv()
			if ev.SubscriptionDropped != nil {
				return
			}
			if ev.EventAppeared != nil {
				appeared <- ev.EventAppeared.OriginalEvent()
				return
			}
		}
	}()
	appendTo(t, c, "s", kurrentdb.Revision(1), eventData(1))
	select {
	case ev := <-appeared:
		t.Errorf("event at %+v delivered to a subscription from beyond the end", ev.Position)
	case <-time.After(300 * time.Millisecond):
	}
}
