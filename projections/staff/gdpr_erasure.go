package staff

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/klient-crm/klient/domain/gdpr"
	"github.com/klient-crm/klient/eventstore"
)

// gdprEvents are the register's events this read model follows. A staff
// member's ID is their data-subject ID, so erasing them blanks their
// account's name and address; roles, teams and walls hold only IDs and
// stay, so the firm's history still says who did what.
var gdprEvents = map[string]bool{gdpr.TypeSubjectErased: true}

// erasedSQL also drops the sign-in name: an erased member cannot sign in.
const erasedSQL = `UPDATE staff_v1 SET name = '', email = '', signs_in = false, erased = true WHERE id = $1`

// queueGDPR queues a register event; false if d is none.
func queueGDPR(b *pgx.Batch, d eventstore.Decoded) bool {
	e, ok := d.Event.(gdpr.SubjectErased)
	if ok {
		b.Queue(erasedSQL, e.SubjectID)
	}
	return ok
}

// SubjectRows counts the rows of this read model that hold subjectID's
// personal data: what an erasure blanks, and zero once it has.
func SubjectRows(ctx context.Context, db DB, subjectID string) (int64, error) {
	var n int64
	err := db.QueryRow(ctx, `SELECT count(*) FROM staff_v1 WHERE id = $1 AND (name <> '' OR email <> '')`,
		subjectID).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("staff: subject rows: %w", err)
	}
	return n, nil
}

// PersonalTables names the tables an erasure blanks or deletes rows in: a
// member's name and e-mail address. The runtime rewrites them once it has
// (projections.PersonalData).
func (Projector) PersonalTables() []string { return []string{"staff_v1"} }
