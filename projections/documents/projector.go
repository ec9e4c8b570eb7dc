package documents

import (
	"context"
	_ "embed"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/klient-crm/klient/domain/gdpr"
	"github.com/klient-crm/klient/eventstore"
	"github.com/klient-crm/klient/projections"
)

//go:embed schema.sql
var schema string

// version is the read model's schema version; bumping it rebuilds
// documents_vN (rename the table in schema.sql and the queries with it).
const version = 1

// Projector keeps documents_v1 from the document events, and deletes a
// removed document's bytes in the same transaction, so a crash between
// the command's append and its own delete leaves nothing behind.
type Projector struct{}

var (
	_ projections.Projector   = Projector{}
	_ projections.EventFilter = Projector{}
)

// NewProjector returns the documents projector for the runtime. Apply
// Migrations first: it deletes from document_blobs.
func NewProjector() Projector { return Projector{} }

// Name is the read model's stored identifier.
func (Projector) Name() string { return "documents" }

// Version is the schema version of the table.
func (Projector) Version() int { return version }

// Handles keeps the runtime from opening events of other contexts.
func (Projector) Handles(eventType string) bool {
	return strings.HasPrefix(eventType, "document.") || eventType == gdpr.TypeSubjectErased
}

// Setup creates the table.
func (Projector) Setup(ctx context.Context, tx pgx.Tx) error {
	_, err := tx.Exec(ctx, schema)
	return err
}

// Drop removes the read-model tables of this and every earlier version;
// never the blobs.
func (Projector) Drop(ctx context.Context, tx pgx.Tx) error {
	for v := 1; v <= version; v++ {
		if _, err := tx.Exec(ctx, fmt.Sprintf(`DROP TABLE IF EXISTS documents_v%d`, v)); err != nil {
			return err
		}
	}
	return nil
}

// Apply queues one idempotent statement per event, guarded by the stream
// version, and sends them in one round trip.
func (Projector) Apply(ctx context.Context, tx pgx.Tx, events []eventstore.Decoded) error {
	b := &pgx.Batch{}
	for _, d := range events {
		if queueSubjectErased(b, d) {
			continue
		}
		if err := queue(b, d); err != nil {
			return err
		}
	}
	return tx.SendBatch(ctx, b).Close()
}
