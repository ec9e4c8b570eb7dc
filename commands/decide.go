package commands

import (
	"context"
	"time"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/contact"
	"github.com/klient-crm/klient/eventstore"
)

// decision is one of the contact's decision methods bound to a command's
// facts.
type decision func(c *contact.Contact, now time.Time) ([]domain.Event, error)

// register runs a registration: it appends only if the stream does not
// exist. A registration the contact says is already done (a retry with the
// same details) answers with the original registration's result.
func (r *Contacts) register(ctx context.Context, actor Actor, id string, decide decision) (Result, error) {
	for attempt := 0; ; attempt++ {
		now := r.now()
		lc, err := r.load(ctx, id)
		if err != nil {
			return Result{}, err
		}
		events, err := decide(lc.Contact, now)
		if err != nil {
			return Result{}, err
		}
		if len(events) == 0 {
			return Result{ContactID: id, Version: 0, Position: lc.first}, nil
		}
		res, err := r.append(ctx, actor, id, eventstore.NoStream, events, now)
		// Losing the race to a concurrent retry of the same request is not a
		// conflict: decide once more on what that retry wrote.
		if attempt == 0 && isStale(err) {
			continue
		}
		return res, err
	}
}

// change runs a decision on the existing contact rawID that the caller last
// saw at version expected. The contact's own refusals (not found, erased, invalid)
// come first; then a stale view is a conflict even when the decision is a
// no-op, since the caller decided on a state that is gone.
func (r *Contacts) change(ctx context.Context, actor Actor, rawID string, expected uint64, decide decision) (Result, error) {
	if err := actor.check(); err != nil {
		return Result{}, err
	}
	id, err := existingContactID(rawID)
	if err != nil {
		return Result{}, err
	}
	now := r.now()
	lc, err := r.load(ctx, id)
	if err != nil {
		return Result{}, err
	}
	events, err := decide(lc.Contact, now)
	if err != nil {
		return Result{}, err
	}
	if lc.Version() != expected {
		return Result{}, stale(id, expected)
	}
	if len(events) == 0 {
		return lc.result(id), nil
	}
	return r.append(ctx, actor, id, eventstore.Exact(expected), events, now)
}
