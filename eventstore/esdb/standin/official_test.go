package standin_test

import (
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/kurrent-io/KurrentDB-Client-Go/kurrentdb"

	"github.com/klient-crm/klient/eventstore/esdb/standin"
)

// The official client's own tests of appending, reading and subscribing
// (test/append_test.go, read_stream_test.go, read_all_test.go,
// subscriptions_test.go in KurrentDB-Client-Go v1.4.2), ported to a secure
// stand-in node: each keeps its original's name and assertions. Left out:
// what the stand-in does not serve (stream metadata and $maxAge, stream
// subscriptions, persistent subscriptions, projections, deletes) — Klient
// uses none of it.

func secureClient(t *testing.T) *kurrentdb.Client {
	t.Helper()
	c, _ := client(t, standin.Secure())
	return c
}

func TestAppendToStreamSingleEventNoStream(t *testing.T) {
	c := secureClient(t)
	ev := eventData(1)[0]
	ev.Data, ev.Metadata = []byte(`{"n":1}`), []byte(`{"m":2}`)
	appendTo(t, c, "single", kurrentdb.NoStream{}, []kurrentdb.EventData{ev})
	got := readStream(t, c, "single")
	if len(got) != 1 || got[0].EventID != ev.EventID || got[0].EventType != ev.EventType || got[0].StreamID != "single" ||
		string(got[0].Data) != string(ev.Data) || string(got[0].UserMetadata) != string(ev.Metadata) {
		t.Errorf("read back %+v, want the appended event", got)
	}
}

func TestAppendToStreamFailsOnNonExistentStream(t *testing.T) {
	c := secureClient(t)
	_, err := c.AppendToStream(ctxFor(t), "nobody", kurrentdb.AppendToStreamOptions{StreamState: kurrentdb.StreamExists{}}, eventData(1)...)
	if errorCode(err) != kurrentdb.ErrorCodeWrongExpectedVersion {
		t.Errorf("stream exists on a missing stream: %v, want WrongExpectedVersion", err)
	}
}

func TestReadStreamEventsForwardFromZero(t *testing.T) {
	c := secureClient(t)
	evs := eventData(10)
	appendTo(t, c, "s", kurrentdb.Any{}, evs)
	got, err := drain(c.ReadStream(ctxFor(t), "s", kurrentdb.ReadStreamOptions{Direction: kurrentdb.Forwards, ResolveLinkTos: true}, 10))
	if err != nil || len(got) != 10 || got[0].EventID != evs[0].EventID {
		t.Errorf("forwards: %d events (%v), want 10 from the first", len(got), err)
	}
}

func TestReadStreamEventsBackwardFromEnd(t *testing.T) {
	c := secureClient(t)
	evs := eventData(10)
	appendTo(t, c, "s", kurrentdb.Any{}, evs)
	got, err := drain(c.ReadStream(ctxFor(t), "s", kurrentdb.ReadStreamOptions{Direction: kurrentdb.Backwards, From: kurrentdb.End{}, ResolveLinkTos: true}, 10))
	if err != nil || len(got) != 10 || got[0].EventID != evs[9].EventID {
		t.Errorf("backwards: %d events (%v), want 10 from the last", len(got), err)
	}
}

func TestReadStreamReturnsEOFAfterCompletion(t *testing.T) {
	c := secureClient(t)
	appendTo(t, c, "s", kurrentdb.Any{}, eventData(10))
	rs, err := c.ReadStream(ctxFor(t), "s", kurrentdb.ReadStreamOptions{}, 1_024)
	if err != nil {
		t.Fatal(err)
	}
	defer rs.Close()
	for range 10 {
		if _, err := rs.Recv(); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := rs.Recv(); !errors.Is(err, io.EOF) {
		t.Errorf("after the last event: %v, want EOF", err)
	}
}

func TestReadStreamNotFound(t *testing.T) {
	c := secureClient(t)
	rs, err := c.ReadStream(ctxFor(t), "nobody-"+uuid.NewString(), kurrentdb.ReadStreamOptions{}, 1)
	if err != nil {
		t.Fatal(err)
	}
	defer rs.Close()
	if ev, err := rs.Recv(); ev != nil || errorCode(err) != kurrentdb.ErrorCodeResourceNotFound {
		t.Errorf("missing stream: %v, %v; want ResourceNotFound", ev, err)
	}
}

func TestReadAllEventsForwardsFromZeroPosition(t *testing.T) {
	c := secureClient(t)
	appendTo(t, c, "s", kurrentdb.Any{}, eventData(10))
	got, err := drain(c.ReadAll(ctxFor(t), kurrentdb.ReadAllOptions{Direction: kurrentdb.Forwards, From: kurrentdb.Start{}, ResolveLinkTos: true}, 10))
	if err != nil || len(got) != 10 {
		t.Errorf("forwards from the start: %d events (%v), want 10", len(got), err)
	}
}

func TestReadAllEventsForwardsFromNonZeroPosition(t *testing.T) {
	c := secureClient(t)
	initial := eventData(1)
	res := appendTo(t, c, "s", kurrentdb.Any{}, initial)
	appendTo(t, c, "s", kurrentdb.Any{}, eventData(100))
	from := kurrentdb.Position{Commit: res.CommitPosition, Prepare: res.PreparePosition}
	got, err := drain(c.ReadAll(ctxFor(t), kurrentdb.ReadAllOptions{From: from, ResolveLinkTos: true}, 100))
	if err != nil || len(got) < 2 || got[0].Position.Commit != res.CommitPosition || got[0].EventID != initial[0].EventID ||
		got[1].Position.Commit <= res.CommitPosition {
		t.Errorf("forwards from the first append's position: %d events (%v), want it first and the rest after", len(got), err)
	}
}

func TestReadAllEventsBackwardsFromZeroPosition(t *testing.T) {
	c := secureClient(t)
	evs := eventData(100)
	appendTo(t, c, "s", kurrentdb.Any{}, evs)
	got, err := drain(c.ReadAll(ctxFor(t), kurrentdb.ReadAllOptions{From: kurrentdb.End{}, Direction: kurrentdb.Backwards, ResolveLinkTos: true}, 100))
	if err != nil || len(got) != 100 || got[0].EventID != evs[99].EventID {
		t.Errorf("backwards from the end: %d events (%v), want 100 from the last", len(got), err)
	}
}

func TestReadAllEventsBackwardsFromNonZeroPosition(t *testing.T) {
	c := secureClient(t)
	evs := eventData(100)
	appendTo(t, c, "s", kurrentdb.Any{}, evs)
	res := appendTo(t, c, "s", kurrentdb.Any{}, eventData(1))
	appendTo(t, c, "s", kurrentdb.Any{}, eventData(10))
	from := kurrentdb.Position{Commit: res.CommitPosition, Prepare: res.PreparePosition}
	got, err := drain(c.ReadAll(ctxFor(t), kurrentdb.ReadAllOptions{From: from, Direction: kurrentdb.Backwards, ResolveLinkTos: true}, 100))
	if err != nil || len(got) != 100 || got[0].EventID != evs[99].EventID {
		t.Errorf("backwards from a position: %d events (%v), want the 100 before it", len(got), err)
	}
}

func TestReadAllEventsWithCredentialsOverride(t *testing.T) {
	c, srv := client(t, standin.Secure(), standin.AllReaders())
	res := appendTo(t, c, "s", kurrentdb.Any{}, eventData(1))
	appendTo(t, c, "s", kurrentdb.Any{}, eventData(10))
	opts := kurrentdb.ReadAllOptions{Authenticated: &kurrentdb.Credentials{Login: standin.AdminLogin, Password: standin.AdminPassword},
		From: kurrentdb.Position{Commit: res.CommitPosition, Prepare: res.PreparePosition}}
	if got, err := drain(c.ReadAll(ctxFor(t), opts, 10)); err != nil || len(got) != 10 {
		t.Errorf("as admin: %d events (%v), want 10", len(got), err)
	}
	if calls := srv.Calls(); calls[len(calls)-1].Login != standin.AdminLogin {
		t.Errorf("the read ran as %q, want the override", calls[len(calls)-1].Login)
	}
}

func TestAllSubscriptionWithFilterDeliversCorrectEvents(t *testing.T) {
	c := secureClient(t)
	prefix := uuid.NewString() + "-"
	for range 10 {
		ev := eventData(1)
		ev[0].EventType = prefix + ev[0].EventType
		appendTo(t, c, "s", kurrentdb.Any{}, ev)
	}
	appendTo(t, c, "s", kurrentdb.Any{}, eventData(5)) // not matching
	sub, err := c.SubscribeToAll(ctxFor(t), kurrentdb.SubscribeToAllOptions{From: kurrentdb.Start{},
		Filter: &kurrentdb.SubscriptionFilter{Type: kurrentdb.EventFilterType, Prefixes: []string{prefix}}})
	if err != nil {
		t.Fatal(err)
	}
	defer sub.Close()
	for i := range 10 {
		if ev := nextEvent(t, sub); !strings.HasPrefix(ev.EventType, prefix) {
			t.Errorf("event %d is a %s", i, ev.EventType)
		}
	}
}

func TestSubscribeToAllFilter(t *testing.T) {
	c, srv := client(t, standin.Secure())
	srv.WriteSystemEvent()
	appendTo(t, c, "s", kurrentdb.Any{}, eventData(1))
	sub, err := c.SubscribeToAll(ctxFor(t), kurrentdb.SubscribeToAllOptions{From: kurrentdb.Start{}, Filter: kurrentdb.ExcludeSystemEventsFilter()})
	if err != nil {
		t.Fatal(err)
	}
	defer sub.Close()
	if ev := nextEvent(t, sub); strings.HasPrefix(ev.EventType, "$") {
		t.Errorf("a system event came through: %s", ev.EventType)
	}
}

// TestConnectionClosing, on a subscription to $all (the original's is to a
// stream): closed by the client after ten events, it reports itself dropped.
func TestConnectionClosing(t *testing.T) {
	c := secureClient(t)
	appendTo(t, c, "s", kurrentdb.Any{}, eventData(20))
	sub, err := c.SubscribeToAll(ctxFor(t), kurrentdb.SubscribeToAllOptions{From: kurrentdb.Start{}})
	if err != nil {
		t.Fatal(err)
	}
	dropped := make(chan struct{})
	go func() {
		defer close(dropped)
		seen := 0
		for {
			ev := sub.Recv()
			if ev.SubscriptionDropped != nil {
				return
			}
			if ev.EventAppeared != nil {
				if seen++; seen == 10 {
					_ = sub.Close()
				}
			}
		}
	}()
	select {
	case <-dropped:
	case <-time.After(10 * time.Second):
		t.Fatal("timed out waiting for the dropped subscription")
	}
}

func TestSubscriptionToAllWithCredentialsOverride(t *testing.T) {
	c, _ := client(t, standin.Secure(), standin.AllReaders())
	opts := kurrentdb.SubscribeToAllOptions{Authenticated: &kurrentdb.Credentials{Login: standin.AdminLogin, Password: standin.AdminPassword},
		From: kurrentdb.Start{}, Filter: kurrentdb.ExcludeSystemEventsFilter()}
	sub, err := c.SubscribeToAll(ctxFor(t), opts)
	if err != nil {
		t.Fatalf("as admin: %v", err)
	}
	_ = sub.Close()
}
