package dpo

import (
	"context"
	_ "embed"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	domaindpo "github.com/klient-crm/klient/domain/dpo"
	"github.com/klient-crm/klient/domain/gdpr"
	"github.com/klient-crm/klient/eventstore"
	"github.com/klient-crm/klient/projections"
)

//go:embed schema.sql
var schema string

// version is the read model's schema version. Bumping it rebuilds the read
// model: rename the tables in schema.sql and the queries to dpo_*_vN and
// keep dropping the older names in Drop.
const version = 3

var tables = []string{"dpo_breaches", "dpo_breach_supplements", "dpo_record", "dpo_processors", "dpo_dpias", "dpo_access_reviews", "dpo_access_review_members", "dpo_record_versions", "dpo_processor_history", "dpo_special"}

// Projector keeps the dpo_*_vN tables from the dpo events.
type Projector struct{}

var (
	_ projections.Projector    = Projector{}
	_ projections.EventFilter  = Projector{}
	_ projections.Holder       = Projector{}
	_ projections.PersonalData = Projector{}
)

// NewProjector returns the DPO registers' projector for the runtime.
func NewProjector() Projector { return Projector{} }

// Name is the read model's stored identifier.
func (Projector) Name() string { return "dpo" }

// Version is the schema version of the tables.
func (Projector) Version() int { return version }

// Handles keeps the runtime from opening events of other contexts; an
// erasure blanks the special categories of the person's documents. A log
// entry's marking is the communication log's read model's, which hides
// the entry by it; a contact's is the special_contacts projector's.
// (Handled here, either would stop this read model: Apply knows neither.)
func (Projector) Handles(eventType string) bool {
	switch eventType {
	case domaindpo.TypeCommunicationSpecialMarked, domaindpo.TypeContactSpecialCategoryMarked:
		return false
	}
	return strings.HasPrefix(eventType, "dpo.") || eventType == gdpr.TypeSubjectErased
}

// PersonalTables names the table an erasure blanks: the documents'
// special categories (projections.PersonalData).
func (Projector) PersonalTables() []string { return []string{"dpo_special_v3"} }

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

// holdings are where the register keeps the breaches' sealed words: each
// under the breach's own key, so the rows of "subject" $1 are the breach's.
var holdings = []projections.Holding{
	{Fields: []string{domaindpo.TypeBreachDiscovered + ".summary",
		domaindpo.TypeBreachAssessed + ".subject_categories", domaindpo.TypeBreachAssessed + ".data_categories",
		domaindpo.TypeBreachAssessed + ".consequences", domaindpo.TypeBreachAssessed + ".measures_taken",
		domaindpo.TypeBreachAssessed + ".measures_planned", domaindpo.TypeBreachReported + ".delay_reason",
		domaindpo.TypeBreachNotReported + ".reason", domaindpo.TypeBreachSubjectsInformed + ".how",
		domaindpo.TypeBreachSubjectsNotInformed + ".reason"},
		Table: "dpo_breaches_v3", Of: "id = $1",
		Columns: []string{"summary", "subject_categories", "data_categories", "consequences", "measures_taken",
			"measures_planned", "delay_reason", "not_reported_reason", "subjects_note"}},
	{Fields: []string{domaindpo.TypeBreachSupplemented + ".text"}, Table: "dpo_breach_supplements_v3", Of: "breach_id = $1",
		Columns: []string{"text"}},
	{Fields: []string{domaindpo.TypeProcessingRecordEdited + ".representative", domaindpo.TypeProcessingRecordEdited + ".dpo_contact"},
		Table: "dpo_record_v3", Of: "id = $1", Columns: []string{"representative", "dpo_contact"}},
	{Fields: []string{domaindpo.TypeProcessingRecordEdited + ".representative", domaindpo.TypeProcessingRecordEdited + ".dpo_contact"},
		Table: "dpo_record_versions_v3", Of: "id = $1", Columns: []string{"representative", "dpo_contact"}},
	{Fields: []string{domaindpo.TypeProcessorAgreementAttached + ".name"}, Table: "dpo_processor_history_v3", Of: "processor_id = $1",
		Columns: []string{"name"}},
	{Fields: []string{domaindpo.TypeProcessorAgreementAttached + ".sha256"},
		NotKept: "the agreement's fingerprint stays in the log; the register shows its name and size"},
	{Fields: []string{domaindpo.TypeSpecialCategoryMarked + ".categories"}, Table: "dpo_special_v3", Of: "data_subject = $1",
		Columns: []string{"categories"}},
	{Fields: []string{domaindpo.TypeImpactAssessmentRecorded + ".action_plan"}, Table: "dpo_dpias_v3", Of: "id = $1",
		Columns: []string{"action_plan"}},
	{Fields: []string{domaindpo.TypeAccessReviewDecided + ".reason"}, Table: "dpo_access_review_members_v3", Of: "review_id = $1",
		Columns: []string{"reason"}},
}

// Holdings declares what the register keeps of sealed fields.
func (Projector) Holdings() []projections.Holding { return holdings }

// Apply queues one idempotent, version-guarded statement per event and
// sends them in one round trip, in order.
func (Projector) Apply(ctx context.Context, tx pgx.Tx, events []eventstore.Decoded) error {
	b := &pgx.Batch{}
	for _, d := range events {
		if err := queue(b, d); err != nil {
			return err
		}
	}
	return tx.SendBatch(ctx, b).Close()
}
