package http

import (
	"context"

	"github.com/klient-crm/klient/eventstore"
)

// Placeholder ports until commands and projections/contacts land.
type (
	Actor            struct{ ID string }
	ContactCommands  interface{}
	ContactDirectory interface{}
)

// ProjectionWaiter lets a handler wait until a read model has caught up
// with its own write (read-your-writes); *projections.Runtime implements it.
type ProjectionWaiter interface {
	WaitFor(ctx context.Context, projector string, pos eventstore.Position) error
}
