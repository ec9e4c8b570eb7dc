package journal

import (
	"context"

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
