package audit

import (
	"context"
	_ "embed"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/klient-crm/klient/eventstore"
	"github.com/klient-crm/klient/projections"
)

//go:embed schema.sql
var schema string

// version is the read model's schema version. Bumping it rebuilds the
// trail: rename the table in schema.sql and the queries to
// audit_trail_vN, and keep dropping the older names in Drop.
const version = 2 // 2: later events of a filed stream carry its matter

// Projector keeps audit_trail_v1 from every event of the log.
type Projector struct{}

var _ projections.Projector = Projector{}

// NewProjector returns the audit-trail projector for the runtime.
func NewProjector() Projector { return Projector{} }

// Name is the read model's stored identifier.
func (Projector) Name() string { return "audit_trail" }

// Version is the schema version of the table.
func (Projector) Version() int { return version }

// Setup creates the table.
func (Projector) Setup(ctx context.Context, tx pgx.Tx) error {
	_, err := tx.Exec(ctx, schema)
	return err
}

// Drop removes the tables of this and every earlier version.
func (Projector) Drop(ctx context.Context, tx pgx.Tx) error {
	for v := 1; v <= version; v++ {
		if _, err := tx.Exec(ctx, fmt.Sprintf(`DROP TABLE IF EXISTS audit_trail_v%d`, v)); err != nil {
			return err
		}
	}
	return nil
}

// Apply inserts the batch in one statement. A position is inserted once:
// replaying a batch changes nothing.
func (Projector) Apply(ctx context.Context, tx pgx.Tx, events []eventstore.Decoded) error {
	if len(events) == 0 {
		return nil
	}
	_, err := tx.Exec(ctx, insertSQL, columnsOf(events)...)
	return err
}
