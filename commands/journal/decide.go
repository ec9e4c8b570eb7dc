package journal

import (
	"context"
	"strings"
	"time"

	"github.com/google/uuid"

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

// Actor is who is acting, and on behalf of which request. Every command
// carries one explicitly, so that each event records its author.
type Actor struct {
	// ID is the staff member's (or system job's) ID: never a name or an
	// e-mail address, since it is stored in every event's metadata.
	ID string
	// CorrelationID ties the events to the request that caused them (the
	// HTTP request ID), for tracing through logs and projections.
	CorrelationID string
	// Unseen reports the contacts this actor may not know of (ethical
	// walls); nil when there are none. A command that looks a contact up
	// for this actor treats an unseen one as one that does not exist, so
	// that its answer never tells a walled contact from an unknown ID.
	Unseen func(contactID string) bool
}

// Sees reports whether the actor may know of the contact.
func (a Actor) Sees(contactID string) bool { return a.Unseen == nil || !a.Unseen(contactID) }

// Check refuses a command that nobody is accountable for.
func (a Actor) Check() error {
	if strings.TrimSpace(a.ID) == "" {
		return domain.Forbidden("no one is signed in to make this change").WithCode("auth.actor_required")
	}
	return nil
}

// NewID returns the canonical form of the UUID a client chose for a new
// record (so that a retry lands on the same stream), or a fresh UUIDv7 when
// it chose none; what is not a UUID is refused with notUUID.
func NewID(chosen string, notUUID error) (string, error) {
	if chosen == "" {
		id, err := uuid.NewV7()
		if err != nil {
			return "", domain.Internal(err)
		}
		return id.String(), nil
	}
	id, err := uuid.Parse(chosen)
	if err != nil {
		return "", notUUID
	}
	return id.String(), nil
}

// ExistingID returns the canonical form of an existing record's ID; what
// is not a UUID names no record, and is refused with notFound.
func ExistingID(id string, notFound error) (string, error) {
	u, err := uuid.Parse(id)
	if err != nil {
		return "", notFound
	}
	return u.String(), nil
}

// CanonicalID writes a UUID in its canonical form and leaves anything else
// as it is: a wall must name records and people exactly as their streams do.
func CanonicalID(id string) string {
	if u, err := uuid.Parse(id); err == nil {
		return u.String()
	}
	return id
}
