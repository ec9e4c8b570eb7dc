package gdpr

import (
	"context"
	"fmt"

	gdprdomain "github.com/klient-crm/klient/domain/gdpr"
	"github.com/klient-crm/klient/projections"
)

// holdings are where the register keeps sealed fields' plaintext: the
// subject's words in each of its tables (the fields blankSQL and
// erasedSQL clear).
var holdings = []projections.Holding{
	{Fields: []string{gdprdomain.TypeRestrictionApplied + ".reason"}, Table: "gdpr_subjects_v1", Of: "subject_id = $1",
		Columns: []string{"restriction_reason"}},
	{Fields: []string{gdprdomain.TypeLawfulBasisRecorded + ".note", gdprdomain.TypeLawfulBasisEnded + ".reason"},
		Table: "gdpr_bases_v1", Of: "subject_id = $1", Columns: []string{"note", "end_reason"}},
	{Fields: []string{gdprdomain.TypeConsentGiven + ".evidence", gdprdomain.TypeConsentGiven + ".scope_sealed",
		gdprdomain.TypeConsentGiven + ".where_sealed"}, Table: "gdpr_consents_v1", Of: "subject_id = $1",
		Columns: []string{"evidence", "scope", "where_given"}},
	{Fields: []string{gdprdomain.TypeObjectionRecorded + ".reason"}, Table: "gdpr_objections_v1", Of: "subject_id = $1",
		Columns: []string{"reason"}},
	{Fields: []string{gdprdomain.TypeDataSubjectRequestReceived + ".requester_note", gdprdomain.TypeIdentityVerified + ".how",
		gdprdomain.TypeRequestDeadlineExtended + ".reason", gdprdomain.TypeRequestCompleted + ".outcome",
		gdprdomain.TypeRequestRefused + ".ground"}, Table: "gdpr_requests_v1", Of: "subject_id = $1",
		Columns: []string{"requester_note", "verified_how", "extension_reason", "outcome", "refusal_ground"}},
}

// Holdings declares what the register keeps of sealed fields.
func (Projector) Holdings() []projections.Holding { return holdings }

// SubjectRows counts the rows of the register that hold subjectID's
// personal data, by the declarations: what an erasure blanks, and zero
// once it has.
func SubjectRows(ctx context.Context, db DB, subjectID string) (int64, error) {
	n, err := projections.RowsHeld(ctx, db, holdings, subjectID)
	if err != nil {
		return 0, fmt.Errorf("gdpr: subject rows: %w", err)
	}
	return n, nil
}

// PersonalTables names the tables an erasure blanks or deletes rows in: the
// bases', consents', objections' and requests' text, and a restriction's
// reason. The runtime rewrites
// them once it has (projections.PersonalData).
func (Projector) PersonalTables() []string {
	return []string{"gdpr_bases_v1", "gdpr_consents_v1", "gdpr_objections_v1", "gdpr_requests_v1", "gdpr_subjects_v1"}
}
