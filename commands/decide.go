package commands

import (
	"context"
	"time"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/eventstore"
)

// decision is one of aggregate A's decision methods bound to a command's
// facts.
type decision[A any] func(a A, now time.Time) ([]domain.Event, error)

// loader rebuilds one aggregate of type A from its stream.
type loader[A any] func(ctx context.Context) (A, span, error)

// placed is where a command left an aggregate's stream.
type placed struct {
	version  uint64
	position eventstore.Position
}

// registerOn runs a registration on stream s: it appends only if the
// stream does not exist. A registration the aggregate says is already done
// (a retry with the same facts) answers with the original registration's
// place.
func registerOn[A any](ctx context.Context, j *journal, actor Actor, s stream, load loader[A], decide decision[A]) (placed, error) {
	for attempt := 0; ; attempt++ {
		now := j.now()
		a, sp, err := load(ctx)
		if err != nil {
			return placed{}, err
		}
		events, err := decide(a, now)
		if err != nil {
			return placed{}, err
		}
		if len(events) == 0 {
			return placed{version: 0, position: sp.first}, nil
		}
		res, err := j.append(ctx, actor, s, eventstore.NoStream, events, now)
		// Losing the race to a concurrent retry of the same request is not a
		// conflict: decide once more on what that retry wrote.
		if attempt == 0 && isStale(err) {
			continue
		}
		return placed{version: res.LastVersion, position: res.LastPosition}, err
	}
}

// changeOn runs a decision on the existing aggregate of stream s that the
// caller last saw at version expected. The aggregate's own refusals (not
// found, erased, invalid) come first; then a stale view is a conflict even
// when the decision is a no-op, since the caller decided on a state that
// is gone.
func changeOn[A any](ctx context.Context, j *journal, actor Actor, s stream, expected uint64, load loader[A], decide decision[A]) (placed, error) {
	now := j.now()
	a, sp, err := load(ctx)
	if err != nil {
		return placed{}, err
	}
	events, err := decide(a, now)
	if err != nil {
		return placed{}, err
	}
	if !sp.found || sp.version != expected {
		return placed{}, s.stale(expected)
	}
	if len(events) == 0 {
		return placed{version: sp.version, position: sp.last}, nil
	}
	res, err := j.append(ctx, actor, s, eventstore.Exact(expected), events, now)
	return placed{version: res.LastVersion, position: res.LastPosition}, err
}
