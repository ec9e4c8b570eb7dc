package dpo

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	domaindpo "github.com/klient-crm/klient/domain/dpo"
	"github.com/klient-crm/klient/domain/gdpr"
	"github.com/klient-crm/klient/eventstore"
)

// queue adds the statement for one event to b. Every update is guarded by
// the stream version, so a replayed batch changes nothing.
func queue(b *pgx.Batch, d eventstore.Decoded) error {
	v := int64(d.Version)
	at := d.Metadata.OccurredAt
	if at.IsZero() {
		at = d.RecordedAt
	}
	switch e := d.Event.(type) {
	case domaindpo.BreachDiscovered:
		b.Queue(discoveredSQL, e.BreachID, e.Reference, e.DiscoveredAt, domaindpo.ClockFrom(e.DiscoveredAt).Deadline,
			e.Summary, e.RecordedBy, v, at)
	case domaindpo.BreachAssessed:
		natures := make([]string, len(e.Nature))
		for i, n := range e.Nature {
			natures[i] = string(n)
		}
		b.Queue(assessedSQL, e.BreachID, v, at, nullTime(e.StartedAt), nullTime(e.EndedAt), natures,
			e.SubjectCategories, e.SubjectsApprox, e.DataCategories, e.RecordsApprox, e.Consequences,
			string(e.Severity), e.MeasuresTaken, e.MeasuresPlanned, e.AssessedBy)
	case domaindpo.BreachReported:
		b.Queue(reportedSQL, e.BreachID, v, at, e.ReportedAt, e.IMYReference, e.DelayReason)
	case domaindpo.BreachNotReported:
		b.Queue(notReportedSQL, e.BreachID, v, at, e.DecidedAt, e.Reason)
	case domaindpo.BreachSubjectsInformed:
		b.Queue(subjectsSQL, e.BreachID, v, at, "informed", e.InformedAt, e.How)
	case domaindpo.BreachSubjectsNotInformed:
		b.Queue(subjectsSQL, e.BreachID, v, at, "not_informed", e.DecidedAt, e.Reason)
	case domaindpo.BreachSupplemented:
		b.Queue(supplementedSQL, e.BreachID, v, at, e.SupplementedAt, e.Text, d.Metadata.Actor)
	case domaindpo.ProcessingRecordEdited:
		rest, err := json.Marshal(e.Rest)
		if err != nil {
			return fmt.Errorf("dpo: record: %w", err)
		}
		b.Queue(recordSQL, e.RecordID, rest, e.Representative, e.DPOContact, e.EditedBy, v, at)
		b.Queue(recordVersionSQL, e.RecordID, rest, e.Representative, e.DPOContact, e.EditedBy, v, at)
	case domaindpo.ProcessorRecorded:
		third := e.ThirdCountries()
		if third == nil {
			third = []string{}
		}
		b.Queue(processorSQL, e.ProcessorID, e.Name, e.Service, e.DataCategories, e.SubProcessors, e.Countries, third,
			string(e.Mechanism), nullTime(e.TransferAssessed), nullTime(e.AgreementSigned), e.ReviewBy, e.RecordedBy, v, at)
		b.Queue(processorHistorySQL, e.ProcessorID, v, "recorded", at, e.RecordedBy, "", "", 0)
	case domaindpo.ProcessorAgreementAttached:
		b.Queue(processorHistorySQL, e.ProcessorID, v, "agreement", e.AttachedAt, e.AttachedBy, e.DocumentID, e.Name, e.Size)
		b.Queue(processorVersionSQL, e.ProcessorID, v, at)
	case domaindpo.SpecialCategoryMarked:
		if len(e.Categories) == 0 {
			b.Queue(specialLiftedSQL, e.DocumentID, v)
			break
		}
		cats, grounds := make([]string, len(e.Categories)), make([]string, len(e.Grounds))
		for i, c := range e.Categories {
			cats[i] = string(c)
		}
		for i, g := range e.Grounds {
			grounds[i] = string(g)
		}
		b.Queue(specialSQL, e.DocumentID, e.MatterID, e.DataSubject, cats, grounds, e.MarkedBy, e.MarkedAt, v)
	case gdpr.SubjectErased:
		b.Queue(specialErasedSQL, e.SubjectID)
	case domaindpo.ImpactAssessmentRecorded:
		rest := e
		rest.ActionPlan = ""
		content, err := json.Marshal(rest)
		if err != nil {
			return fmt.Errorf("dpo: impact assessment: %w", err)
		}
		b.Queue(impactSQL, e.AssessmentID, v, e.Title, content, e.ActionPlan, string(e.Decision), e.ReviewBy, e.RecordedBy, at)
	case domaindpo.AccessReviewStarted:
		b.Queue(reviewStartedSQL, e.ReviewID, e.StartedAt, e.StartedBy, v)
		for i, m := range e.Members {
			b.Queue(reviewMemberSQL, e.ReviewID, m.StaffID, i, nonNil(m.Roles), nonNil(m.Teams), nonNil(m.Walls), nonNil(m.Grants))
		}
	case domaindpo.AccessReviewDecided:
		decision := "remove"
		if e.Keep {
			decision = "keep"
		}
		b.Queue(reviewDecidedSQL, e.ReviewID, v, e.StaffID, decision, e.Reason, e.DecidedBy, at)
	case domaindpo.AccessReviewCompleted:
		b.Queue(reviewCompletedSQL, e.ReviewID, v, e.CompletedAt, e.CompletedBy, e.NextBy)
	default:
		return fmt.Errorf("dpo: no projection for event type %s", d.Type)
	}
	return nil
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func nullTime(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

const discoveredSQL = `INSERT INTO dpo_breaches_v3 (id, reference, discovered_at, deadline, summary, recorded_by, version, updated_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (id) DO NOTHING`

const assessedSQL = `UPDATE dpo_breaches_v3 SET version = $2, updated_at = $3, assessed_at = $3, assessments = assessments + 1,
	started_at = $4, ended_at = $5, nature = $6, subject_categories = $7, subjects_approx = $8, data_categories = $9,
	records_approx = $10, consequences = $11, severity = $12, measures_taken = $13, measures_planned = $14, assessed_by = $15
WHERE id = $1 AND version < $2`

const reportedSQL = `UPDATE dpo_breaches_v3 SET version = $2, updated_at = $3, reported_at = $4, imy_reference = $5, delay_reason = $6
WHERE id = $1 AND version < $2`

const notReportedSQL = `UPDATE dpo_breaches_v3 SET version = $2, updated_at = $3, not_reported_at = $4, not_reported_reason = $5
WHERE id = $1 AND version < $2`

const subjectsSQL = `UPDATE dpo_breaches_v3 SET version = $2, updated_at = $3, subjects = $4, subjects_at = $5, subjects_note = $6
WHERE id = $1 AND version < $2`

// supplementedSQL inserts the supplement and moves the breach's version
// in one statement.
const supplementedSQL = `WITH s AS (INSERT INTO dpo_breach_supplements_v3 (breach_id, version, supplemented_at, text, by_staff)
	VALUES ($1, $2, $4, $5, $6) ON CONFLICT DO NOTHING RETURNING 1)
UPDATE dpo_breaches_v3 SET version = $2, updated_at = $3 WHERE id = $1 AND version < $2`

const recordSQL = `INSERT INTO dpo_record_v3 (id, record, representative, dpo_contact, edited_by, version, updated_at)
VALUES ($1, $2, $3, $4, $5, $6, $7)
ON CONFLICT (id) DO UPDATE SET record = $2, representative = $3, dpo_contact = $4, edited_by = $5, version = $6, updated_at = $7
WHERE dpo_record_v3.version < $6`

const processorSQL = `INSERT INTO dpo_processors_v3 (id, name, service, data_categories, sub_processors, countries, third_countries,
	mechanism, transfer_assessed, agreement_signed, review_by, recorded_by, version, updated_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
ON CONFLICT (id) DO UPDATE SET name = $2, service = $3, data_categories = $4, sub_processors = $5, countries = $6,
	third_countries = $7, mechanism = $8, transfer_assessed = $9, agreement_signed = $10, review_by = $11, recorded_by = $12,
	version = $13, updated_at = $14
WHERE dpo_processors_v3.version < $13`

const processorHistorySQL = `INSERT INTO dpo_processor_history_v3 (processor_id, version, kind, at, by_staff, document_id, name, size)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING`

// processorVersionSQL moves the processor's version past an agreement's
// upload, so that the next edit of its details expects it.
const processorVersionSQL = `UPDATE dpo_processors_v3 SET version = $2, updated_at = $3 WHERE id = $1 AND version < $2`

const specialSQL = `INSERT INTO dpo_special_v3 (document_id, matter_id, data_subject, categories, grounds, marked_by, marked_at, version)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
ON CONFLICT (document_id) DO UPDATE SET categories = $4, grounds = $5, marked_by = $6, marked_at = $7, version = $8
WHERE dpo_special_v3.version < $8`

// specialLiftedSQL deletes a lifted marking; a replay finds nothing to
// delete, or deletes a later marking's row that the next event restores.
const specialLiftedSQL = `DELETE FROM dpo_special_v3 WHERE document_id = $1 AND version < $2`

// specialErasedSQL blanks the categories of the erased person's documents
// (their key is gone; the document stays marked, and its bytes are
// deleted by the documents' own erasure).
const specialErasedSQL = `UPDATE dpo_special_v3 SET categories = '{}' WHERE data_subject = $1`

const impactSQL = `INSERT INTO dpo_dpias_v3 (id, version, title, content, action_plan, decision, review_by, recorded_by, recorded_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (id, version) DO NOTHING`

const reviewStartedSQL = `INSERT INTO dpo_access_reviews_v3 (id, started_at, started_by, version) VALUES ($1, $2, $3, $4)
ON CONFLICT (id) DO NOTHING`

const reviewMemberSQL = `INSERT INTO dpo_access_review_members_v3 (review_id, staff_id, position, roles, teams, walls, grants)
VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING`

// reviewDecidedSQL records the decision and moves the review's version in
// one statement, guarded by it.
const reviewDecidedSQL = `WITH r AS (UPDATE dpo_access_reviews_v3 SET version = $2 WHERE id = $1 AND version < $2 RETURNING id)
UPDATE dpo_access_review_members_v3 m SET decision = $4, reason = $5, decided_by = $6, decided_at = $7
FROM r WHERE m.review_id = r.id AND m.staff_id = $3`

const reviewCompletedSQL = `UPDATE dpo_access_reviews_v3 SET version = $2, completed_at = $3, completed_by = $4, next_by = $5
WHERE id = $1 AND version < $2`

const recordVersionSQL = `INSERT INTO dpo_record_versions_v3 (id, record, representative, dpo_contact, edited_by, version, updated_at)
VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (id, version) DO NOTHING`
