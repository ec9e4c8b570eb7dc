package contacts

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// erasedSQL leaves of an erased contact only the marker: every personal
// column, the search and sort forms and the lookup keys go, so neither the
// search box nor an index scan can find them again.
const erasedSQL = `UPDATE contacts_v1 SET display_name = '', sort_name = '', sort_key = '', search_name = '', given_name = '',
	family_name = '', organisation_name = '', personnummer = '', organisationsnummer = '', lookup_keys = '{}',
	emails = '[]', phones = '[]', addresses = '[]', protected_identity = false, erased = true
	WHERE id = $1`

// queueSubjectErased applies gdpr.SubjectErased: the key is gone, so
// nothing opened with it may stay here either. Replays reach the same
// state through the erased events themselves (queueRow).
func queueSubjectErased(b *pgx.Batch, subjectID string) {
	b.Queue(erasedSQL, subjectID)
	b.Queue(eraseRolesSQL, subjectID)
}

// holdingSQL counts the rows that still hold subject $1's personal data.
const holdingSQL = `SELECT
	(SELECT count(*) FROM contacts_v1 WHERE id = $1 AND (display_name <> '' OR sort_name <> '' OR sort_key <> '' OR search_name <> ''
		OR given_name <> '' OR family_name <> '' OR organisation_name <> '' OR personnummer <> ''
		OR organisationsnummer <> '' OR lookup_keys <> '{}' OR emails <> '[]' OR phones <> '[]' OR addresses <> '[]'))
	+ (SELECT count(*) FROM contacts_v1_affiliations WHERE person_id = $1 AND role <> '')
	-- the words of the name are the contact row's, for the search box
	+ (SELECT count(*) FROM contacts_v1 WHERE id = $1 AND display_name = ''
		AND EXISTS (SELECT 1 FROM contacts_v1_words WHERE contact_id = $1))`

// SubjectRows counts the rows of this read model that hold subjectID's
// personal data: what an erasure blanks, and zero once it has (the
// erasure certificate records both).
func SubjectRows(ctx context.Context, db DB, subjectID string) (int64, error) {
	var n int64
	if err := db.QueryRow(ctx, holdingSQL, subjectID).Scan(&n); err != nil {
		return 0, fmt.Errorf("contacts: subject rows: %w", err)
	}
	return n, nil
}

// PersonalTables names the tables an erasure blanks or deletes rows in: the
// contact row, the words of its name (the trigger deletes them with the
// name) and its roles at organisations. The runtime rewrites them once it
// has (projections.PersonalData).
func (Projector) PersonalTables() []string {
	return []string{"contacts_v1", "contacts_v1_words", "contacts_v1_affiliations"}
}
