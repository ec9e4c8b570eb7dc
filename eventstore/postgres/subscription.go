package postgres

import (
	"context"
	"sync"

	"github.com/klient-crm/klient/eventstore"
)

// batchSize is how many events one poll of a subscription reads.
const batchSize = 512

// subscription polls ReadAll from its position. It has no goroutine of its
// own: Next polls, and sleeps until woken (NOTIFY, a local append, a timer).
// Next is for one goroutine; Close may be called from any.
type subscription struct {
	store  *Store
	ctx    context.Context // ends on Close or when SubscribeAll's ctx ends
	cancel context.CancelFunc
	once   sync.Once
	wake   chan struct{}

	pos     eventstore.Position
	buf     []eventstore.Envelope
	backoff backoff
}

// SubscribeAll delivers every event after `after`, history then live. The
// subscription ends when Close is called or ctx ends; Next then returns
// eventstore.ErrSubscriptionClosed. A position no event of the log has is
// refused first (checkPlace).
func (s *Store) SubscribeAll(ctx context.Context, after eventstore.Position) (eventstore.Subscription, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := s.checkPlace(ctx, after); err != nil {
		return nil, err
	}
	sub := &subscription{store: s, wake: make(chan struct{}, 1), pos: after}
	sub.ctx, sub.cancel = context.WithCancel(ctx)
	if !s.hub.add(sub) {
		sub.cancel()
		return nil, eventstore.ErrSubscriptionClosed
	}
	context.AfterFunc(sub.ctx, func() { s.hub.remove(sub) })
	return sub, nil
}

// Next returns the next event, polling and waiting as needed.
func (sub *subscription) Next(ctx context.Context) (eventstore.Envelope, error) {
	for {
		if sub.ctx.Err() != nil {
			return eventstore.Envelope{}, eventstore.ErrSubscriptionClosed
		}
		if err := ctx.Err(); err != nil {
			return eventstore.Envelope{}, err
		}
		if len(sub.buf) > 0 {
			e := sub.buf[0]
			sub.buf, sub.pos = sub.buf[1:], e.Position
			return e, nil
		}
		if err := sub.fill(ctx); err != nil {
			return eventstore.Envelope{}, err
		}
	}
}

// Close ends the subscription and wakes a Next that waits.
func (sub *subscription) Close() error {
	sub.once.Do(sub.cancel)
	return nil
}

func (sub *subscription) poke() {
	select {
	case sub.wake <- struct{}{}:
	default:
	}
}
