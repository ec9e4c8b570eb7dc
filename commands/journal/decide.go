package journal

import (
	"context"
	"time"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/eventstore"
)

// Decision is one of aggregate A's decision methods bound to a command's
// facts.
type Decision[A any] func(a A, now time.Time) ([]domain.Event, error)

// Loader rebuilds one aggregate of type A from its stream.
type Loader[A any] func(ctx context.Context) (A, Span, error)

// Placed is where a command left an aggregate's stream.
type Placed struct {
	Version  uint64
	Position eventstore.Position
}

// RegisterOn runs a registration on stream s: it appends only if the
// stream does not exist. A registration the aggregate says is already done
// (a retry with the same facts) answers with the original registration's
// place.
func RegisterOn[A any](ctx context.Context, j *Journal, actor Actor, s Stream, load Loader[A], decide Decision[A]) (Placed, error) {
	for attempt := 0; ; attempt++ {
		now := j.Now()
		a, sp, err := load(ctx)
		if err != nil {
			return Placed{}, err
		}
		events, err := decide(a, now)
		if err != nil {
			return Placed{}, err
		}
		if len(events) == 0 {
			return Placed{Version: 0, Position: sp.First}, nil
		}
		res, err := j.Append(ctx, actor, s, eventstore.NoStream, events, now)
		// Losing the race to a concurrent retry of the same request is not a
		// conflict: decide once more on what that retry wrote.
		if attempt == 0 && IsStale(err) {
			continue
		}
		return Placed{Version: res.LastVersion, Position: res.LastPosition}, err
	}
}

// RegisterOnLatest is RegisterOn whose retry answers with the stream as it
// is now, not with the registration's place: for a registration that may
// write more than one event (an entry logged with a follow-up) or whose
// aggregate may have moved on since (a matter resent after a change), the
// caller's next change must expect the stream's current version.
func RegisterOnLatest[A any](ctx context.Context, j *Journal, actor Actor, s Stream, load Loader[A], decide Decision[A]) (Placed, error) {
	var seen Span
	watched := func(ctx context.Context) (A, Span, error) {
		a, sp, err := load(ctx)
		seen = sp
		return a, sp, err
	}
	p, err := RegisterOn(ctx, j, actor, s, watched, decide)
	if err == nil && seen.Found {
		p = Placed{Version: seen.Version, Position: seen.Last}
	}
	return p, err
}

// ChangeOn runs a decision on the existing aggregate of stream s that the
// caller last saw at version expected. The aggregate's own refusals (not
// found, erased, invalid) come first; then a stale view is a conflict even
// when the decision is a no-op, since the caller decided on a state that
// is gone.
func ChangeOn[A any](ctx context.Context, j *Journal, actor Actor, s Stream, expected uint64, load Loader[A], decide Decision[A]) (Placed, error) {
	now := j.Now()
	a, sp, err := load(ctx)
	if err != nil {
		return Placed{}, err
	}
	events, err := decide(a, now)
	if err != nil {
		return Placed{}, err
	}
	if !sp.Found || sp.Version != expected {
		return Placed{}, s.Stale(expected)
	}
	if len(events) == 0 {
		return Placed{Version: sp.Version, Position: sp.Last}, nil
	}
	res, err := j.Append(ctx, actor, s, eventstore.Exact(expected), events, now)
	return Placed{Version: res.LastVersion, Position: res.LastPosition}, err
}
