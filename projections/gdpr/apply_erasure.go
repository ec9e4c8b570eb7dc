package gdpr

import (
	"github.com/jackc/pgx/v5"

	"github.com/klient-crm/klient/domain"
	gdprdomain "github.com/klient-crm/klient/domain/gdpr"
	"github.com/klient-crm/klient/domain/work"
)

// erasureSubjectOf is subjectOf for the erasure events.
func erasureSubjectOf(ev domain.Event) (string, bool) {
	switch e := ev.(type) {
	case gdprdomain.ErasureRequested:
		return e.SubjectID, true
	case gdprdomain.ErasureScheduled:
		return e.SubjectID, true
	case gdprdomain.ErasureApproved:
		return e.SubjectID, true
	case gdprdomain.SubjectErased:
		return e.SubjectID, true
	}
	return "", false
}

const (
	erasureRequestedSQL = `INSERT INTO gdpr_erasure_schedule_v1 (subject_id, request_id, status, requested_by, requested_at)
		VALUES ($1, $2, 'requested', $3, $4) ON CONFLICT (subject_id, request_id) DO NOTHING`
	erasureScheduledSQL = `INSERT INTO gdpr_erasure_schedule_v1 (subject_id, request_id, status, erase_at, grounds)
		VALUES ($1, $2, 'scheduled', $3::date, $4) ON CONFLICT (subject_id, request_id)
		DO UPDATE SET status = 'scheduled', erase_at = EXCLUDED.erase_at, grounds = EXCLUDED.grounds`
	erasureApprovedSQL = `INSERT INTO gdpr_erasure_schedule_v1 (subject_id, request_id, status, erase_at, approved_by, approved_at)
		VALUES ($1, $2, 'approved', $3::date, $4, $5) ON CONFLICT (subject_id, request_id)
		DO UPDATE SET status = 'approved', erase_at = EXCLUDED.erase_at, approved_by = EXCLUDED.approved_by,
		approved_at = EXCLUDED.approved_at`
)

// queueErasureEvent adds the statements of a new erasure-plan event. An
// approved erasure falls due on the day it was approved.
func queueErasureEvent(b *pgx.Batch, ev domain.Event, f fact) {
	switch e := ev.(type) {
	case gdprdomain.ErasureRequested:
		b.Queue(erasureRequestedSQL, e.SubjectID, e.RequestID, e.RequestedBy, f.at)
	case gdprdomain.ErasureScheduled:
		b.Queue(erasureScheduledSQL, e.SubjectID, e.RequestID, dateArg(e.At), e.Grounds)
	case gdprdomain.ErasureApproved:
		b.Queue(erasureApprovedSQL, e.SubjectID, e.RequestID, dateArg(work.DateOf(f.at)), e.ApprovedBy, f.at)
	}
}

// markErasedSQL records that the subject's key is gone (seen on an event
// that could not be opened).
const markErasedSQL = `UPDATE gdpr_subjects_v1 SET erased = true, may_market = false,
	erased_at = coalesce(erased_at, $2) WHERE subject_id = $1`

// blankSQL blanks every sealed field of a subject, table by table; with
// erasedSQL it applies gdpr.SubjectErased. Each statement is idempotent.
var blankSQL = []string{
	`UPDATE gdpr_bases_v1 SET note = '', end_reason = '' WHERE subject_id = $1`,
	`UPDATE gdpr_consents_v1 SET evidence = '', scope = '', where_given = '' WHERE subject_id = $1`,
	`UPDATE gdpr_objections_v1 SET reason = '' WHERE subject_id = $1`,
	`UPDATE gdpr_requests_v1 SET requester_note = '', verified_how = '', extension_reason = '', outcome = '',
		refusal_ground = '' WHERE subject_id = $1`,
}

// erasedSQL marks the subject erased and closes their erasures.
var erasedSQL = []string{
	`UPDATE gdpr_subjects_v1 SET erased = true, may_market = false, erased_at = coalesce(erased_at, $2),
		restriction_reason = '' WHERE subject_id = $1`,
	`UPDATE gdpr_erasure_schedule_v1 SET status = 'erased', erased_at = coalesce(erased_at, $2) WHERE subject_id = $1`,
}

// queueSubjectErased applies gdpr.SubjectErased, wherever it was appended.
func queueSubjectErased(b *pgx.Batch, e gdprdomain.SubjectErased, f fact) {
	at := e.ErasedAt
	if at.IsZero() {
		at = f.at
	}
	for _, sql := range blankSQL {
		b.Queue(sql, e.SubjectID)
	}
	for _, sql := range erasedSQL {
		b.Queue(sql, e.SubjectID, at)
	}
}
