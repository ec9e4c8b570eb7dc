package work

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/klient-crm/klient/domain/gdpr"
	"github.com/klient-crm/klient/eventstore"
)

// sealedForContact picks the tasks whose text the contact's key seals: a
// task on a contact and on no matter (see domain/work's package doc). A
// matter's tasks are the matter's record and go with its file; deadlines
// are always a matter's.
const sealedForContact = `contact_id = $1 AND matter_id = ''`

// erasedSQL blanks those tasks' text; who, when and status stay.
const erasedSQL = `UPDATE tasks_v1 SET title = '', description = '', erased = true WHERE ` + sealedForContact

// queueSubjectErased applies gdpr.SubjectErased; false if d is another
// event. Replays reach the same state through the erased events.
func queueSubjectErased(b *pgx.Batch, d eventstore.Decoded) bool {
	e, ok := d.Event.(gdpr.SubjectErased)
	if ok {
		b.Queue(erasedSQL, e.SubjectID)
	}
	return ok
}

// SubjectRows counts the tasks that hold subjectID's personal data: what
// an erasure blanks, and zero once it has.
func SubjectRows(ctx context.Context, db DB, subjectID string) (int64, error) {
	var n int64
	err := db.QueryRow(ctx, `SELECT count(*) FROM tasks_v1 WHERE `+sealedForContact+
		` AND (title <> '' OR description <> '')`, subjectID).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("work: subject rows: %w", err)
	}
	return n, nil
}

// PersonalTables names the tables an erasure blanks or deletes rows in: the
// tasks' titles and descriptions. The runtime rewrites them once it has
// (projections.PersonalData).
func (Projector) PersonalTables() []string { return []string{"tasks_v1"} }
