package matters

import (
	"context"
	_ "embed"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/klient-crm/klient/domain/contact"
	"github.com/klient-crm/klient/eventstore"
	"github.com/klient-crm/klient/projections"
)

//go:embed schema.sql
var schema string

// version is the read model's schema version. Bumping it rebuilds the read
// model: rename the tables in schema.sql and the queries to matters_vN and
// keep dropping the older names in Drop. Version 2 (the erased contacts)
// kept the v1 names: the reporting schema's functions read matters_v1 by
// name, and Drop and Setup still replace the tables whole. Version 3 added
// the history's index of parties; version 4 moves a merged contact's
// parties to its survivor (merge.go); version 5 keeps why a matter was
// reopened (matters_v1_reasons), which an erasure's search reads.
const version = 5

// CompactTables are the tables a catch-up leaves bloated: a matter's row
// changes with nearly every event of its life (projections.Compactor).
func (Projector) CompactTables() []string { return []string{"matters_v1", "matters_v1_parties"} }

// Name is the projector's stored identifier.
const Name = "matters"

// Projector keeps matters_v1 from the matter events.
type Projector struct{}

var (
	_ projections.Projector   = Projector{}
	_ projections.EventFilter = Projector{}
	_ projections.Compactor   = Projector{}
)

// NewProjector returns the matters projector for the runtime.
func NewProjector() Projector { return Projector{} }

// Name is the read model's stored identifier.
func (Projector) Name() string { return Name }

// Version is the schema version of the tables.
func (Projector) Version() int { return version }

// Handles keeps the runtime from opening events of other contexts, and
// from the numbering streams' reservations (the matter's own opening
// carries its number).
func (Projector) Handles(eventType string) bool {
	return (strings.HasPrefix(eventType, "matter.") && eventType != "matter.MatterNumberReserved") ||
		erasureEvents[eventType] || eventType == contact.TypeContactMerged
}

// Setup creates the tables.
func (Projector) Setup(ctx context.Context, tx pgx.Tx) error {
	_, err := tx.Exec(ctx, schema)
	return err
}

// Drop removes the tables of this and every earlier version.
func (Projector) Drop(ctx context.Context, tx pgx.Tx) error {
	for v := 1; v <= version; v++ {
		sql := fmt.Sprintf(`DROP TABLE IF EXISTS matters_v%[1]d, matters_v%[1]d_parties, matters_v%[1]d_notes,
			matters_v%[1]d_checks, matters_v%[1]d_history, matters_v%[1]d_erased_contacts, matters_v%[1]d_reasons`, v)
		if _, err := tx.Exec(ctx, sql); err != nil {
			return err
		}
	}
	return nil
}

// Apply queues each event's history row and its statements and sends them
// in one round trip. Every statement is idempotent: history rows by their
// stream version, the others guarded by the matter's version.
func (Projector) Apply(ctx context.Context, tx pgx.Tx, events []eventstore.Decoded) error {
	b := &pgx.Batch{}
	for _, d := range events {
		if queueErasure(b, d) || queueMerged(b, d) {
			continue
		}
		f := factOf(d)
		if err := queueHistory(b, d, f); err != nil {
			return err
		}
		if !queueMatter(b, d, f) && !queueParty(b, d, f) {
			return fmt.Errorf("matters: no projection for event type %s", d.Type)
		}
		queueErasedProbes(b, d)
	}
	return tx.SendBatch(ctx, b).Close()
}
