package gdpr

import (
	"context"
	"fmt"
)

// holdingSQL counts the register's rows whose sealed fields still hold
// subject $1's words (the fields blankSQL and erasedSQL clear).
const holdingSQL = `SELECT
	(SELECT count(*) FROM gdpr_subjects_v1 WHERE subject_id = $1 AND restriction_reason <> '')
	+ (SELECT count(*) FROM gdpr_bases_v1 WHERE subject_id = $1 AND (note <> '' OR end_reason <> ''))
	+ (SELECT count(*) FROM gdpr_consents_v1 WHERE subject_id = $1 AND (evidence <> '' OR scope <> '' OR where_given <> ''))
	+ (SELECT count(*) FROM gdpr_objections_v1 WHERE subject_id = $1 AND reason <> '')
	+ (SELECT count(*) FROM gdpr_requests_v1 WHERE subject_id = $1 AND (requester_note <> '' OR verified_how <> ''
		OR extension_reason <> '' OR outcome <> '' OR refusal_ground <> ''))`

// SubjectRows counts the rows of the register that hold subjectID's
// personal data: what an erasure blanks, and zero once it has.
func SubjectRows(ctx context.Context, db DB, subjectID string) (int64, error) {
	var n int64
	if err := db.QueryRow(ctx, holdingSQL, subjectID).Scan(&n); err != nil {
		return 0, fmt.Errorf("gdpr: subject rows: %w", err)
	}
	return n, nil
}

// PersonalTables names the tables an erasure blanks or deletes rows in: the
// bases', consents', objections' and requests' text. The runtime rewrites
// them once it has (projections.PersonalData).
func (Projector) PersonalTables() []string {
	return []string{"gdpr_bases_v1", "gdpr_consents_v1", "gdpr_objections_v1", "gdpr_requests_v1"}
}
