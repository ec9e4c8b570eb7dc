package esdb_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/klient-crm/klient/eventstore"
)

func next(t *testing.T, sub eventstore.Subscription) eventstore.Envelope {
	t.Helper()
	e, err := sub.Next(ctxFor(t))
	if err != nil {
		t.Fatalf("next: %v", err)
	}
	return e
}

func TestSubscriptionHistoryThenLiveStrictlyAfter(t *testing.T) {
	s, srv := standinStore(t)
	old := events(t, 3)
	mustAppend(t, s, "matter-s", eventstore.NoStream, old)
	all, err := s.ReadAll(ctxFor(t), eventstore.Start, 10)
	if err != nil {
		t.Fatal(err)
	}
	sub, err := s.SubscribeAll(ctxFor(t), all[0].Position)
	if err != nil {
		t.Fatal(err)
	}
	defer sub.Close()
	wantIDs(t, []eventstore.Envelope{next(t, sub), next(t, sub)}, old[1:]...)
	srv.WriteSystemEvent()
	live := events(t, 2)
	mustAppend(t, s, "matter-s", eventstore.Exact(2), live)
	wantIDs(t, []eventstore.Envelope{next(t, sub), next(t, sub)}, live...)
}

// A Next that gives up on its ctx must not swallow the event it was waiting for.
func TestCancelledNextLosesNothing(t *testing.T) {
	s, _ := standinStore(t)
	sub, err := s.SubscribeAll(ctxFor(t), eventstore.Start)
	if err != nil {
		t.Fatal(err)
	}
	defer sub.Close()
	short, cancel := context.WithTimeout(t.Context(), 50*time.Millisecond)
	defer cancel()
	if _, err := sub.Next(short); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("idle Next: %v, want DeadlineExceeded", err)
	}
	evs := events(t, 1)
	mustAppend(t, s, "matter-n", eventstore.NoStream, evs)
	wantIDs(t, []eventstore.Envelope{next(t, sub)}, evs...)
}

func TestSubscriptionOutlivesItsSubscribeContext(t *testing.T) {
	s, _ := standinStore(t)
	ctx, cancel := context.WithCancel(t.Context())
	sub, err := s.SubscribeAll(ctx, eventstore.Start)
	cancel()
	if err != nil {
		t.Fatal(err)
	}
	defer sub.Close()
	evs := events(t, 1)
	mustAppend(t, s, "matter-o", eventstore.NoStream, evs)
	wantIDs(t, []eventstore.Envelope{next(t, sub)}, evs...)
}

func TestClosedSubscriptionSaysSo(t *testing.T) {
	s, _ := standinStore(t)
	sub, err := s.SubscribeAll(ctxFor(t), eventstore.Start)
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { _, err := sub.Next(ctxFor(t)); done <- err }()
	time.Sleep(50 * time.Millisecond)
	_ = sub.Close()
	if err := <-done; !errors.Is(err, eventstore.ErrSubscriptionClosed) {
		t.Errorf("blocked Next after Close: %v", err)
	}
	if _, err := sub.Next(ctxFor(t)); !errors.Is(err, eventstore.ErrSubscriptionClosed) {
		t.Errorf("Next after Close: %v", err)
	}
}

func TestServerLossEndsNextWithAnError(t *testing.T) {
	s, srv := standinStore(t)
	sub, err := s.SubscribeAll(ctxFor(t), eventstore.Start)
	if err != nil {
		t.Fatal(err)
	}
	defer sub.Close()
	srv.Stop()
	_, err = sub.Next(ctxFor(t))
	if err == nil || errors.Is(err, eventstore.ErrSubscriptionClosed) || errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Next after the server stopped: %v, want a drop error", err)
	}
}
