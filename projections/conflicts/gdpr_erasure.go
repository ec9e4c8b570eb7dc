package conflicts

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/klient-crm/klient/domain/gdpr"
	"github.com/klient-crm/klient/eventstore"
)

// queueSubjectErased applies gdpr.SubjectErased: the contact's names,
// numbers and addresses leave the index (and the names nobody else holds
// leave the trigram list), and the guard refuses any later term. Their
// party rows stay: IDs and roles only, and the firm must still see that
// the contact took part. False if d is another event.
func queueSubjectErased(b *pgx.Batch, d eventstore.Decoded) bool {
	e, ok := d.Event.(gdpr.SubjectErased)
	if ok {
		b.Queue(erasedSQL, e.SubjectID, int64(0)) // the guard keeps the greater version
		b.Queue(forgetSQL, e.SubjectID)
	}
	return ok
}

// SubjectRows counts the index rows that hold subjectID's personal data:
// what an erasure removes, and zero once it has.
func SubjectRows(ctx context.Context, db DB, subjectID string) (int64, error) {
	var n int64
	err := db.QueryRow(ctx, `SELECT count(*) FROM conflict_index_v1 WHERE contact_id = $1`, subjectID).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("conflicts: subject rows: %w", err)
	}
	return n, nil
}

// PersonalTables names the tables an erasure blanks or deletes rows in: the
// index's names, numbers and addresses and the trigram list. The runtime
// rewrites them once it has (projections.PersonalData).
func (Projector) PersonalTables() []string {
	return []string{"conflict_index_v1", "conflict_index_v1_names"}
}
