package projections

import (
	"context"

	"github.com/klient-crm/klient/eventstore"
)

// pump reads a subscription ahead into a buffer so that the subscriber can
// take "whatever is immediately available" as one batch: during catch-up the
// buffer is full and batches are large; live, they hold one event.
type pump struct {
	events chan eventstore.Envelope
	err    chan error
}

func startPump(ctx context.Context, sub eventstore.Subscription, size int) *pump {
	p := &pump{events: make(chan eventstore.Envelope, 2*size), err: make(chan error, 1)}
	go func() {
		defer sub.Close()
		for {
			env, err := sub.Next(ctx)
			if err != nil {
				p.err <- err
				return
			}
			select {
			case p.events <- env:
			case <-ctx.Done():
				p.err <- ctx.Err()
				return
			}
		}
	}()
	return p
}

// next blocks for one envelope, then adds whatever else is buffered, up to
// max. It returns an error only when no envelope could be read.
func (p *pump) next(ctx context.Context, max int) ([]eventstore.Envelope, error) {
	var first eventstore.Envelope
	select {
	case first = <-p.events:
	case err := <-p.err:
		return nil, err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	out := append(make([]eventstore.Envelope, 0, min(max, 1+len(p.events))), first)
	for len(out) < max {
		select {
		case env := <-p.events:
			out = append(out, env)
		default:
			return out, nil
		}
	}
	return out, nil
}
