package gdpr

import (
	"github.com/jackc/pgx/v5"

	"github.com/klient-crm/klient/domain"
	gdprdomain "github.com/klient-crm/klient/domain/gdpr"
)

// subjectOf names the subject whose stream holds ev (SubjectErased too).
func subjectOf(ev domain.Event) (string, bool) {
	switch e := ev.(type) {
	case gdprdomain.LawfulBasisRecorded:
		return e.SubjectID, true
	case gdprdomain.LawfulBasisEnded:
		return e.SubjectID, true
	case gdprdomain.ConsentGiven:
		return e.SubjectID, true
	case gdprdomain.ConsentWithdrawn:
		return e.SubjectID, true
	case gdprdomain.ObjectionRecorded:
		return e.SubjectID, true
	case gdprdomain.RestrictionApplied:
		return e.SubjectID, true
	case gdprdomain.RestrictionLifted:
		return e.SubjectID, true
	}
	return erasureSubjectOf(ev)
}

const (
	basisSQL = `INSERT INTO gdpr_bases_v1 (subject_id, basis_id, seq, basis, purpose, note, recorded_by, recorded_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (subject_id, basis_id) DO NOTHING`
	basisEndedSQL = `UPDATE gdpr_bases_v1 SET ended_at = $3, end_reason = $4 WHERE subject_id = $1 AND basis_id = $2`
	consentSQL    = `INSERT INTO gdpr_consents_v1 (subject_id, consent_id, seq, purpose, scope, given_at, how, where_given,
		evidence, recorded_by, recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
		ON CONFLICT (subject_id, consent_id) DO NOTHING`
	withdrawnSQL = `UPDATE gdpr_consents_v1 SET withdrawn_at = $3, withdrawn_via = $4 WHERE subject_id = $1 AND consent_id = $2`
	objectionSQL = `WITH o AS (INSERT INTO gdpr_objections_v1 (subject_id, seq, objected_to, reason, at)
		VALUES ($1, $2, $3, $4, $5) ON CONFLICT (subject_id, seq) DO NOTHING)
		UPDATE gdpr_subjects_v1 SET objected_marketing = objected_marketing OR $3 = 'direct_marketing',
		objected_processing = objected_processing OR $3 = 'processing' WHERE subject_id = $1`
	restrictedSQL = `UPDATE gdpr_subjects_v1 SET restricted = true, restriction_request = $2, restriction_reason = $3,
		restricted_until = $4::date, restricted_at = $5 WHERE subject_id = $1`
	liftedSQL = `UPDATE gdpr_subjects_v1 SET restricted = false, restriction_request = '', restriction_reason = '',
		restricted_until = NULL, restricted_at = NULL, lifted_by = $2, lifted_at = $3 WHERE subject_id = $1`
)

// queueSubjectEvent adds the statements of one new subject-stream event.
// Sealed fields arrive blank when the subject's key is gone.
func queueSubjectEvent(b *pgx.Batch, ev domain.Event, f fact) {
	switch e := ev.(type) {
	case gdprdomain.LawfulBasisRecorded:
		b.Queue(basisSQL, e.SubjectID, e.BasisID, f.version, e.Basis, e.Purpose, e.Note, e.RecordedBy, f.at)
	case gdprdomain.LawfulBasisEnded:
		b.Queue(basisEndedSQL, e.SubjectID, e.BasisID, f.at, e.Reason)
	case gdprdomain.ConsentGiven:
		e = e.Normalised()
		b.Queue(consentSQL, e.SubjectID, e.ConsentID, f.version, e.Purpose, e.Scope, e.GivenAt, e.How, e.Where,
			e.Evidence, f.actor, f.at)
	case gdprdomain.ConsentWithdrawn:
		b.Queue(withdrawnSQL, e.SubjectID, e.ConsentID, e.WithdrawnAt, e.Via)
	case gdprdomain.ObjectionRecorded:
		b.Queue(objectionSQL, e.SubjectID, f.version, e.To, e.Reason, f.at)
	case gdprdomain.RestrictionApplied:
		b.Queue(restrictedSQL, e.SubjectID, e.RequestID, e.Reason, dateArg(e.Until), f.at)
	case gdprdomain.RestrictionLifted:
		b.Queue(liftedSQL, e.SubjectID, e.By, f.at)
	default:
		queueErasureEvent(b, ev, f)
	}
}
