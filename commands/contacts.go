package commands

import (
	"context"
	"errors"
	"time"

	"github.com/google/uuid"

	"github.com/klient-crm/klient/domain"
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
	store EventStore
	codec EventCodec
	clock func() time.Time
}

// NewContacts returns the repository. The codec must have the contact
// events registered; clock is the only source of "now" (time.Now in
// production, a fixed clock in tests).
func NewContacts(store EventStore, codec EventCodec, clock func() time.Time) (*Contacts, error) {
	if store == nil || codec == nil || clock == nil {
		return nil, errors.New("commands.NewContacts: store, codec and clock are all required")
	}
	return &Contacts{store: store, codec: codec, clock: clock}, nil
}

func (r *Contacts) now() time.Time { return r.clock().UTC() }

// requireContacts is the nil check every handler constructor shares.
func requireContacts(handler string, contacts *Contacts) error {
	if contacts == nil {
		return errors.New("commands." + handler + ": contacts repository is required")
	}
	return nil
}
