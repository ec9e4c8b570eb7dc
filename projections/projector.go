package projections

import (
	"context"
	"fmt"
	"regexp"

	"github.com/jackc/pgx/v5"

	"github.com/klient-crm/klient/eventstore"
)

// Projector keeps one read model. The runtime calls it from one goroutine of
// one instance in the fleet at a time, always inside a transaction that also
// advances its checkpoint.
type Projector interface {
	// Name is the read model's stored identifier without its version
	// ("contacts"); tables are named after it and Version ("contacts_v1").
	Name() string
	// Version is the schema version of the read model. Changing it makes
	// the runtime drop the tables and replay the whole log into new ones.
	Version() int
	// Setup creates the read model's tables for Version.
	Setup(ctx context.Context, tx pgx.Tx) error
	// Drop removes the tables of every version this code knows, so that a
	// bump does not leave the previous version's tables behind.
	Drop(ctx context.Context, tx pgx.Tx) error
	// Apply projects a batch of events in log order. It must be idempotent:
	// applying an event twice leaves the same state as applying it once.
	Apply(ctx context.Context, tx pgx.Tx, batch []eventstore.Decoded) error
}

// EventFilter is an optional interface of a Projector: the runtime decodes
// (and opens the sealed fields of) only the events it handles. Skipped
// events still advance the checkpoint.
type EventFilter interface {
	Handles(eventType string) bool
}

// Decoder turns an envelope into its domain event with personal fields
// opened; *eventstore.Codec implements it.
type Decoder interface {
	Decode(ctx context.Context, env eventstore.Envelope) (eventstore.Decoded, error)
}

var projectorName = regexp.MustCompile(`^[a-z][a-z0-9_]{0,40}$`)

func validateProjector(p Projector) error {
	if p == nil {
		return fmt.Errorf("projections: nil projector")
	}
	if !projectorName.MatchString(p.Name()) {
		return fmt.Errorf("projections: projector name %q must be lower-case letters, digits and _", p.Name())
	}
	if p.Version() < 1 {
		return fmt.Errorf("projections: projector %s: version must be 1 or more", p.Name())
	}
	return nil
}

func handles(p Projector, eventType string) bool {
	f, ok := p.(EventFilter)
	return !ok || f.Handles(eventType)
}
