package esdb

import (
	"context"
	"sync"

	"github.com/kurrent-io/KurrentDB-Client-Go/kurrentdb"

	"github.com/klient-crm/klient/eventstore"
)

// SubscribeAll starts a catch-up subscription to $all strictly after after,
// filtered on the server to non-system events, once after has proved to be
// a record of the log (checkPlace). The subscription lives until
// Close, not until ctx ends: ctx bounds only the subscribing itself.
func (s *Store) SubscribeAll(ctx context.Context, after eventstore.Position) (eventstore.Subscription, error) {
	if err := s.checkPlace(ctx, after); err != nil {
		return nil, err
	}
	life, end := context.WithCancel(context.WithoutCancel(ctx))
	stop := context.AfterFunc(ctx, end)
	opts := kurrentdb.SubscribeToAllOptions{From: allPosition(after), Filter: kurrentdb.ExcludeSystemEventsFilter()}
	var sub *kurrentdb.Subscription
	c, err := s.attempt(ctx, readAgain, func(c *kurrentdb.Client) (err error) {
		sub, err = c.SubscribeToAll(life, opts)
		return err
	})
	if !stop() {
		err = ctx.Err() // ctx ended while subscribing: the stream is already cut
	}
	if err != nil {
		end()
		if sub != nil {
			_ = sub.Close()
		}
		return nil, s.failed(ctx, c, "subscribe to all", err)
	}
	return newSubscription(sub, end, after), nil
}

// subscription hands events from a pump goroutine to Next over an
// unbuffered channel: an event is given away only to a Next that takes it,
// so a Next cancelled by its ctx loses nothing.
type subscription struct {
	sub    *kurrentdb.Subscription
	end    context.CancelFunc
	events chan eventstore.Envelope
	failed chan struct{} // closed once err is set and the pump has stopped
	err    error
	closed chan struct{}
	once   sync.Once
}

func newSubscription(sub *kurrentdb.Subscription, end context.CancelFunc, after eventstore.Position) *subscription {
	s := &subscription{sub: sub, end: end, events: make(chan eventstore.Envelope),
		failed: make(chan struct{}), closed: make(chan struct{})}
	go s.pump(after)
	return s
}

// Next returns the next event, ctx.Err() when ctx ends first, or
// ErrSubscriptionClosed after Close.
func (s *subscription) Next(ctx context.Context) (eventstore.Envelope, error) {
	if s.isClosed() {
		return eventstore.Envelope{}, eventstore.ErrSubscriptionClosed
	}
	// An ended ctx wins even when an event is ready: select would pick at
	// random, and the event stays for the next call anyway.
	if err := ctx.Err(); err != nil {
		return eventstore.Envelope{}, err
	}
	select {
	case e := <-s.events:
		return e, nil
	case <-s.failed:
		if s.isClosed() {
			return eventstore.Envelope{}, eventstore.ErrSubscriptionClosed
		}
		return eventstore.Envelope{}, s.err
	case <-s.closed:
		return eventstore.Envelope{}, eventstore.ErrSubscriptionClosed
	case <-ctx.Done():
		return eventstore.Envelope{}, ctx.Err()
	}
}

// Close ends the subscription; it is safe to call more than once.
func (s *subscription) Close() error {
	s.once.Do(func() {
		close(s.closed)
		_ = s.sub.Close()
		s.end()
	})
	return nil
}

func (s *subscription) isClosed() bool {
	select {
	case <-s.closed:
		return true
	default:
		return false
	}
}
