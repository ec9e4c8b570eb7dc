package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/klient-crm/klient/eventstore"
)

// maxHeldWait caps the quick re-polls while events wait above the horizon.
const maxHeldWait = 100 * time.Millisecond

// fill polls once and, when that yields nothing, waits for a reason to poll
// again. It returns an error only for Next to pass on.
func (sub *subscription) fill(ctx context.Context) error {
	qctx, cancel := context.WithCancel(ctx)
	defer cancel()
	defer context.AfterFunc(sub.ctx, cancel)()
	select { // a wake-up from before this poll is answered by this poll
	case <-sub.wake:
	default:
	}
	evs, held, err := sub.poll(qctx)
	switch {
	case sub.ctx.Err() != nil || ctx.Err() != nil:
		return ctx.Err() // nil when the subscription ended: Next reports that
	case err != nil && !transient(err):
		return fmt.Errorf("eventstore/postgres: subscription: %w", err)
	case err != nil:
		return sub.wait(ctx, sub.backoff.next(minBackoff, maxBackoff))
	case len(evs) > 0:
		sub.buf = evs
		sub.backoff.reset()
		return nil
	case held:
		return sub.wait(ctx, sub.backoff.next(time.Millisecond, maxHeldWait))
	}
	sub.backoff.reset()
	return sub.wait(ctx, sub.store.pollInterval)
}

// poll reads a batch; when it is empty it also asks whether events wait
// above the horizon, which will come down without any notification.
func (sub *subscription) poll(ctx context.Context) (evs []eventstore.Envelope, held bool, err error) {
	evs, err = sub.store.readAll(ctx, sub.pos, batchSize)
	if err != nil || len(evs) > 0 {
		return evs, false, err
	}
	held, err = sub.store.heldBack(ctx, sub.pos)
	return nil, held, err
}

// wait sleeps for d, or until a wake-up, Close or ctx.
func (sub *subscription) wait(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-sub.ctx.Done():
	case <-sub.wake:
	case <-t.C:
	}
	return nil
}

// backoff doubles a delay between floor and ceiling until reset.
type backoff struct{ d time.Duration }

func (b *backoff) next(floor, ceiling time.Duration) time.Duration {
	b.d = min(max(2*b.d, floor), ceiling)
	return b.d
}

func (b *backoff) reset() { b.d = 0 }
