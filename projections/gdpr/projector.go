package gdpr

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
// model: rename the tables in schema.sql and the queries to gdpr_*_vN and
// keep dropping the older names in Drop.
const version = 1

// tables are the read model's tables, without their version suffix.
var tables = []string{"gdpr_subjects", "gdpr_bases", "gdpr_consents", "gdpr_objections", "gdpr_requests", "gdpr_erasure_schedule"}

// Projector keeps the gdpr_*_v1 tables from the GDPR events.
type Projector struct{}

var (
	_ projections.Projector   = Projector{}
	_ projections.EventFilter = Projector{}
)

// NewProjector returns the GDPR register projector for the runtime.
func NewProjector() Projector { return Projector{} }

// Name is the read model's stored identifier.
func (Projector) Name() string { return "gdpr" }

// Version is the schema version of the tables.
func (Projector) Version() int { return version }

// Handles keeps the runtime from opening events of other contexts.
func (Projector) Handles(eventType string) bool { return strings.HasPrefix(eventType, "gdpr.") }

// Setup creates the tables.
func (Projector) Setup(ctx context.Context, tx pgx.Tx) error {
	_, err := tx.Exec(ctx, schema)
	return err
}

// Drop removes the tables of this and every earlier version.
func (Projector) Drop(ctx context.Context, tx pgx.Tx) error {
	for v := 1; v <= version; v++ {
		names := make([]string, len(tables))
		for i, t := range tables {
			names[i] = fmt.Sprintf("%s_v%d", t, v)
		}
		if _, err := tx.Exec(ctx, "DROP TABLE IF EXISTS "+strings.Join(names, ", ")); err != nil {
			return err
		}
	}
	return nil
}

// Apply projects a batch: one query for the subjects' stream versions
// (which make replays harmless), then every statement in one round trip.
func (Projector) Apply(ctx context.Context, tx pgx.Tx, events []eventstore.Decoded) error {
	seen, err := loadSubjectVersions(ctx, tx, events)
	if err != nil {
		return err
	}
	p := &plan{batch: &pgx.Batch{}, seen: seen}
	for _, d := range events {
		if err := p.add(d); err != nil {
			return err
		}
	}
	p.finish()
	return tx.SendBatch(ctx, p.batch).Close()
}
