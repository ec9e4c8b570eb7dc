package commands

import (
	"context"
	"errors"
	"time"

	"github.com/google/uuid"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/contact"
	"github.com/klient-crm/klient/eventstore"
)

// EventStore is what the commands use of eventstore.Store.
type EventStore interface {
	Append(ctx context.Context, stream string, expected eventstore.ExpectedVersion, events []eventstore.Envelope) (eventstore.AppendResult, error)
	ReadStream(ctx context.Context, stream string, from uint64, limit int) ([]eventstore.Envelope, error)
}

// EventCodec is what the commands use of the codec: it turns a domain event
// into an envelope with its personal fields sealed, and back.
type EventCodec interface {
	Encode(ctx context.Context, id uuid.UUID, ev domain.Event, meta eventstore.Metadata) (eventstore.Envelope, error)
	Decode(ctx context.Context, env eventstore.Envelope) (eventstore.Decoded, error)
}

// Contacts is the repository of contact aggregates that every contact
// command handler shares: it rebuilds a contact from its stream and appends
// what the contact decided.
type Contacts struct {
	journal
	restriction restrictionHook // optional: see WithRestrictionGuard
}

// NewContacts returns the repository. The codec must have the contact
// events registered; clock is the only source of "now" (time.Now in
// production, a fixed clock in tests).
func NewContacts(store EventStore, codec EventCodec, clock func() time.Time) (*Contacts, error) {
	j, err := newJournal("NewContacts", store, codec, clock)
	if err != nil {
		return nil, err
	}
	return &Contacts{journal: j}, nil
}

// requireContacts is the nil check every handler constructor shares.
func requireContacts(handler string, contacts *Contacts) error {
	if contacts == nil {
		return errors.New("commands." + handler + ": contacts repository is required")
	}
	return nil
}

// register runs a contact's registration (see registerOn).
func (r *Contacts) register(ctx context.Context, actor Actor, id string, decide decision[*contact.Contact]) (Result, error) {
	p, err := registerOn(ctx, &r.journal, actor, contactStream(id), r.loader(id), decide)
	return contactResult(id, p, err)
}

// change runs a decision on the existing contact rawID that the caller
// last saw at version expected (see changeOn).
func (r *Contacts) change(ctx context.Context, actor Actor, rawID string, expected uint64, decide decision[*contact.Contact]) (Result, error) {
	if err := actor.check(); err != nil {
		return Result{}, err
	}
	id, err := existingContactID(rawID)
	if err != nil {
		return Result{}, err
	}
	if err := r.restriction.check(ctx, actor, id); err != nil {
		return Result{}, err
	}
	p, err := changeOn(ctx, &r.journal, actor, contactStream(id), expected, r.loader(id), decide)
	return contactResult(id, p, err)
}

func contactResult(id string, p placed, err error) (Result, error) {
	if err != nil {
		return Result{}, err
	}
	return Result{ContactID: id, Version: p.version, Position: p.position}, nil
}
