package cdd

import (
	"context"
	_ "embed"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	domaincdd "github.com/klient-crm/klient/domain/cdd"
	"github.com/klient-crm/klient/eventstore"
	"github.com/klient-crm/klient/projections"
)

//go:embed schema.sql
var schema string

// version is the read model's schema version; bumping it rebuilds the
// read model (rename the table to cdd_records_vN and keep dropping the
// older names in Drop).
const version = 1

// Name is the read model's stored identifier.
const Name = "cdd"

// Projector keeps cdd_records_v1 from the records' events.
type Projector struct{}

var (
	_ projections.Projector   = Projector{}
	_ projections.EventFilter = Projector{}
	_ projections.Holder      = Projector{}
)

// NewProjector returns the due-diligence projector for the runtime.
func NewProjector() Projector { return Projector{} }

// Name is the read model's stored identifier.
func (Projector) Name() string { return Name }

// Version is the schema version of the table.
func (Projector) Version() int { return version }

// Handles keeps the runtime from opening events of other contexts.
func (Projector) Handles(eventType string) bool { return strings.HasPrefix(eventType, "cdd.") }

// Setup creates the table.
func (Projector) Setup(ctx context.Context, tx pgx.Tx) error {
	_, err := tx.Exec(ctx, schema)
	return err
}

// Drop removes the table of this and every earlier version.
func (Projector) Drop(ctx context.Context, tx pgx.Tx) error {
	for v := 1; v <= version; v++ {
		if _, err := tx.Exec(ctx, fmt.Sprintf("DROP TABLE IF EXISTS cdd_records_v%d", v)); err != nil {
			return err
		}
	}
	return nil
}

// Holdings: the read model keeps none of the records' sealed words.
func (Projector) Holdings() []projections.Holding {
	fields := []string{domaincdd.TypeEngagementRiskAssessed + ".reasons", domaincdd.TypeClientIdentityVerified + ".details",
		domaincdd.TypeBeneficialOwnersRecorded + ".owners", domaincdd.TypeBeneficialOwnersRecorded + ".none_reason",
		domaincdd.TypePEPAnswered + ".answer", domaincdd.TypePEPAnswered + ".details", domaincdd.TypeSanctionsScreened + ".hits",
		domaincdd.TypeSanctionsHitReviewed + ".reason", domaincdd.TypeDueDiligenceDecided + ".reason", domaincdd.TypeIdentityCopyStored + ".name"}
	return []projections.Holding{{Fields: fields,
		NotKept: "a record's sealed parts are read from its stream by its page (commands/cdd.Records.Load); the read model keeps IDs, levels and counts"}}
}

// Apply queues one version-guarded statement per event and sends them in
// one round trip, in order.
func (Projector) Apply(ctx context.Context, tx pgx.Tx, events []eventstore.Decoded) error {
	b := &pgx.Batch{}
	for _, d := range events {
		v := int64(d.Version)
		at := d.Metadata.OccurredAt
		if at.IsZero() {
			at = d.RecordedAt
		}
		var matter string
		switch e := d.Event.(type) {
		case domaincdd.DueDiligenceStarted:
			matter = e.MatterID
			b.Queue(`INSERT INTO cdd_records_v1 (matter_id, client_id, organisation, started_at, updated_at, version)
				VALUES ($1, $2, $3, $4, $4, $5) ON CONFLICT (matter_id) DO NOTHING`, e.MatterID, e.ClientID, e.Organisation, at, v)
		case domaincdd.EngagementRiskAssessed:
			matter = e.MatterID
			b.Queue(update(`risk = $4, decision = ''`), e.MatterID, v, at, string(e.Risk))
		case domaincdd.ClientIdentityVerified:
			matter = e.MatterID
			b.Queue(update(`identity = true, decision = ''`), e.MatterID, v, at)
		case domaincdd.BeneficialOwnersRecorded:
			matter = e.MatterID
			b.Queue(update(`owners = true, decision = ''`), e.MatterID, v, at)
		case domaincdd.PEPAnswered:
			matter = e.MatterID
			b.Queue(update(`pep = true, decision = ''`), e.MatterID, v, at)
		case domaincdd.SanctionsScreened:
			matter = e.MatterID
			b.Queue(update(`list_id = $4, list_version = $5, list_date = $6, screened_at = $7, hits = $8, reviewed = '{}', decision = ''`),
				e.MatterID, v, at, e.ListID, e.ListVersion, e.ListDate, e.ScreenedAt, e.HitCount)
		case domaincdd.SanctionsHitReviewed:
			matter = e.MatterID
			b.Queue(update(`reviewed = CASE WHEN $4 = ANY(reviewed) THEN reviewed ELSE reviewed || $4 END, decision = ''`),
				e.MatterID, v, at, e.EntryID)
		case domaincdd.DueDiligenceDecided:
			matter = e.MatterID
			b.Queue(update(`decision = $4, by_officer = $5, decided_at = $6`), e.MatterID, v, at, string(e.Decision), e.ByOfficer, e.DecidedAt)
		case domaincdd.RiskAssessmentPublished, domaincdd.SanctionsListImported, domaincdd.IdentityCopyStored, nil:
			continue // the firm's, read from their streams; a copy's, read from the record's; or an event no key opens
		default:
			return fmt.Errorf("cdd: no projection for event type %s", d.Type)
		}
		if len(d.Erased) > 0 {
			b.Queue(`UPDATE cdd_records_v1 SET erased = true WHERE matter_id = $1`, matter)
		}
	}
	return tx.SendBatch(ctx, b).Close()
}

// update is a version-guarded update of one record ($1 matter, $2 version,
// $3 time) setting set.
func update(set string) string {
	return `UPDATE cdd_records_v1 SET ` + set + `, version = $2, updated_at = $3 WHERE matter_id = $1 AND version < $2`
}
