package contacts

import (
	"context"
	_ "embed"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/klient-crm/klient/eventstore"
	"github.com/klient-crm/klient/projections"
)

//go:embed schema.sql
var schema string

// version is the read model's schema version. Bumping it rebuilds the read
// model: rename the tables in schema.sql and the queries to contacts_vN and
// keep dropping the older names in Drop. Version 2 (the restricted column)
// kept the v1 names: the reporting schema's functions read contacts_v1 by
// name, and Drop and Setup still replace the tables whole. So did version 3
// (the words of the names, for the search box).
const version = 3

// Projector keeps contacts_v1 from the contact events.
type Projector struct{}

var (
	_ projections.Projector   = Projector{}
	_ projections.EventFilter = Projector{}
)

// NewProjector returns the contacts projector for the runtime.
func NewProjector() Projector { return Projector{} }

// Name is the read model's stored identifier.
func (Projector) Name() string { return "contacts" }

// Version is the schema version of the tables.
func (Projector) Version() int { return version }

// Handles keeps the runtime from opening events of other contexts.
func (Projector) Handles(eventType string) bool {
	return strings.HasPrefix(eventType, "contact.") || gdprEvents[eventType]
}

// Setup creates the tables.
func (Projector) Setup(ctx context.Context, tx pgx.Tx) error {
	_, err := tx.Exec(ctx, schema)
	return err
}

// Drop removes the tables of this and every earlier version.
func (Projector) Drop(ctx context.Context, tx pgx.Tx) error {
	for v := 1; v <= version; v++ {
		sql := fmt.Sprintf(`DROP TABLE IF EXISTS contacts_v%[1]d_words, contacts_v%[1]d_affiliations, contacts_v%[1]d`, v)
		if _, err := tx.Exec(ctx, sql); err != nil {
			return err
		}
	}
	return nil
}

// Apply queues one statement per event (but for superseded details, see
// plan) and sends them in one round trip. Each statement is idempotent and
// guarded by the stream version.
func (Projector) Apply(ctx context.Context, tx pgx.Tx, events []eventstore.Decoded) error {
	b := &pgx.Batch{}
	skip, created := plan(events)
	for i, d := range events {
		if skip[i] || queueGDPR(b, d) {
			continue
		}
		if err := queue(b, d, created[i]); err != nil {
			return err
		}
	}
	return tx.SendBatch(ctx, b).Close()
}
