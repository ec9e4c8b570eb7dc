package staff

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/klient-crm/klient/domain/access"
	"github.com/klient-crm/klient/domain/gdpr"
	"github.com/klient-crm/klient/eventstore"
	"github.com/klient-crm/klient/projections"
)

// gdprEvents are the register's events this read model follows. A staff
// member's ID is their data-subject ID, so erasing them blanks their
// account's name and address; roles, teams and walls hold only IDs and
// stay, so the firm's history still says who did what. Erasing a contact
// blanks the reason of a wall before them (sealed with their key).
var gdprEvents = map[string]bool{gdpr.TypeSubjectErased: true}

// erasedSQL also drops the sign-in name: an erased member cannot sign in.
const erasedSQL = `UPDATE staff_v1 SET name = '', email = '', signs_in = false, erased = true WHERE id = $1`

// wallsOf are the walls whose reason subject $1's key seals: those before
// the contact, or before the matter ("matter-<id>").
const wallsOf = `(target_kind = 'contact' AND target_id = $1) OR (target_kind = 'matter' AND 'matter-' || target_id = $1)`

// wallReasonsSQL blanks those reasons; the walls stand.
const wallReasonsSQL = `UPDATE walls_v1 SET reason = '' WHERE (` + wallsOf + `) AND reason <> ''`

// queueGDPR queues a register event; false if d is none.
func queueGDPR(b *pgx.Batch, d eventstore.Decoded) bool {
	e, ok := d.Event.(gdpr.SubjectErased)
	if ok {
		b.Queue(erasedSQL, e.SubjectID)
		b.Queue(wallReasonsSQL, e.SubjectID)
	}
	return ok
}

// holdings are where this read model keeps sealed fields' plaintext: a
// member's name and e-mail address, and the reason of a wall before a
// contact or a matter.
var holdings = []projections.Holding{
	{Fields: []string{access.TypeStaffMemberRegistered + ".details"}, Table: "staff_v1", Of: "id = $1",
		Columns: []string{"name", "email"}},
	{Fields: []string{access.TypeWallErected + ".reason_sealed"}, Table: "walls_v1", Of: wallsOf, Columns: []string{"reason"}},
}

// Holdings declares what this read model keeps of sealed fields.
func (Projector) Holdings() []projections.Holding { return holdings }

// SubjectRows counts the rows of this read model that hold subjectID's
// personal data, by the declarations: what an erasure blanks, and zero
// once it has.
func SubjectRows(ctx context.Context, db DB, subjectID string) (int64, error) {
	n, err := projections.RowsHeld(ctx, db, holdings, subjectID)
	if err != nil {
		return 0, fmt.Errorf("staff: subject rows: %w", err)
	}
	return n, nil
}

// PersonalTables names the tables an erasure blanks or deletes rows in: a
// member's name and e-mail address, and the reason of a wall before an
// erased person. The runtime rewrites them once it has
// (projections.PersonalData).
func (Projector) PersonalTables() []string { return []string{"staff_v1", "walls_v1"} }
