package staff

import (
	"context"
	_ "embed"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/klient-crm/klient/domain/access"
	"github.com/klient-crm/klient/eventstore"
	"github.com/klient-crm/klient/projections"
)

//go:embed schema.sql
var schema string

// version is the read model's schema version. Bumping it rebuilds the read
// model: rename the tables in schema.sql and the queries to *_vN and keep
// dropping the older names in Drop.
const version = 1

// Projector keeps staff_v1 and walls_v1 from the access events.
type Projector struct{}

var (
	_ projections.Projector   = Projector{}
	_ projections.EventFilter = Projector{}
)

// NewProjector returns the staff projector for the runtime.
func NewProjector() Projector { return Projector{} }

// Name is the read model's stored identifier.
func (Projector) Name() string { return "staff" }

// Version is the schema version of the tables.
func (Projector) Version() int { return version }

// handled lists the events this read model is built from. Naming them,
// rather than every "access." type, lets the context grow events (tokens,
// grants) without stopping this projector over a type it cannot apply.
var handled = map[string]bool{
	access.TypeStaffMemberRegistered: true, access.TypeStaffRolesChanged: true,
	access.TypeStaffTeamsChanged: true, access.TypeStaffMemberDeactivated: true,
	access.TypeStaffMemberReactivated: true, access.TypeWallErected: true, access.TypeWallLifted: true,
}

// Handles keeps the runtime from opening events this read model ignores.
func (Projector) Handles(eventType string) bool { return handled[eventType] || gdprEvents[eventType] }

// Setup creates the tables.
func (Projector) Setup(ctx context.Context, tx pgx.Tx) error {
	_, err := tx.Exec(ctx, schema)
	return err
}

// Drop removes the tables of this and every earlier version.
func (Projector) Drop(ctx context.Context, tx pgx.Tx) error {
	for v := 1; v <= version; v++ {
		if _, err := tx.Exec(ctx, fmt.Sprintf(`DROP TABLE IF EXISTS staff_v%[1]d, walls_v%[1]d`, v)); err != nil {
			return err
		}
	}
	return nil
}

// Apply queues one idempotent, version-guarded statement per event and
// sends them in one round trip; they run in order, so a later statement
// sees what an earlier one of the batch wrote.
func (Projector) Apply(ctx context.Context, tx pgx.Tx, events []eventstore.Decoded) error {
	b := &pgx.Batch{}
	for _, d := range events {
		if queueGDPR(b, d) {
			continue
		}
		if err := queue(b, d); err != nil {
			return err
		}
	}
	return tx.SendBatch(ctx, b).Close()
}
