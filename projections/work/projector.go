package work

import (
	"context"
	_ "embed"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/klient-crm/klient/domain/contact"
	"github.com/klient-crm/klient/domain/gdpr"
	"github.com/klient-crm/klient/eventstore"
	"github.com/klient-crm/klient/projections"
)

//go:embed schema.sql
var schema string

// version is the read model's schema version. Bumping it rebuilds the read
// model: rename the tables in schema.sql and the queries to *_vN and keep
// dropping the older names in Drop.
// Version 2 (the assignees' and raised reminders' indexes in the lists'
// order, issue 19) kept the v1 names: Drop and Setup replace the tables
// whole. Version 3 files a merged contact's tasks under its survivor
// (merge.go). Version 4 keeps the deadlines' reasons (deadline_reasons_v1),
// which an erasure's search for mentions reads. Version 5 keeps whether a
// deadline concerns the client (concerns_client), which the automatic
// reminders read.
const version = 5

// Projector keeps tasks_v1, deadlines_v1, deadline_reasons_v1 and reminders_v1 from the work
// events.
type Projector struct{}

var (
	_ projections.Projector   = Projector{}
	_ projections.EventFilter = Projector{}
)

// NewProjector returns the work projector for the runtime.
func NewProjector() Projector { return Projector{} }

// Name is the read model's stored identifier.
func (Projector) Name() string { return "work" }

// Version is the schema version of the tables.
func (Projector) Version() int { return version }

// Handles keeps the runtime from opening events this read model ignores
// (the workflow templates are read from their streams by the commands).
func (Projector) Handles(eventType string) bool {
	return (strings.HasPrefix(eventType, "work.") && !strings.HasPrefix(eventType, "work.WorkflowTemplate")) ||
		eventType == gdpr.TypeSubjectErased || eventType == contact.TypeContactMerged
}

// Setup creates the tables.
func (Projector) Setup(ctx context.Context, tx pgx.Tx) error {
	_, err := tx.Exec(ctx, schema)
	return err
}

// Drop removes the tables of this and every earlier version.
func (Projector) Drop(ctx context.Context, tx pgx.Tx) error {
	for v := 1; v <= version; v++ {
		sql := fmt.Sprintf(`DROP TABLE IF EXISTS tasks_v%[1]d, deadlines_v%[1]d, reminders_v%[1]d, deadline_reasons_v%[1]d`, v)
		if _, err := tx.Exec(ctx, sql); err != nil {
			return err
		}
	}
	return nil
}

// Apply queues idempotent, version-guarded statements for each event and
// sends them in one round trip; they run in order, so a later statement
// sees what an earlier one of the batch wrote.
func (Projector) Apply(ctx context.Context, tx pgx.Tx, events []eventstore.Decoded) error {
	b := &pgx.Batch{}
	for _, d := range events {
		if queueSubjectErased(b, d) || queueMerged(b, d) {
			continue
		}
		if err := queue(b, d); err != nil {
			return err
		}
	}
	return tx.SendBatch(ctx, b).Close()
}
