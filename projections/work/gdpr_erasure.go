package work

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/klient-crm/klient/domain/gdpr"
	"github.com/klient-crm/klient/domain/work"
	"github.com/klient-crm/klient/eventstore"
	"github.com/klient-crm/klient/projections"
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

// holdings are where the work read model keeps sealed fields' plaintext:
// a task's title and description under the key of its subject (its
// matter, else the contact it is about, else the task's own) or an entry
// key that subject owns (domain.EntryKey), and a
// deadline's title and the reasons it was moved or cancelled under an
// entry key the matter owns (set before those: the matter's key).
var holdings = []projections.Holding{
	{Fields: []string{work.TypeTaskCreated + ".text", work.TypeTaskDetailsChanged + ".text", work.TypeTaskTextRedacted + ".text"},
		Table: "tasks_v1",
		Of: "(" + sealedForContact + ") OR (matter_id <> '' AND 'matter-' || matter_id = $1)" +
			" OR (matter_id = '' AND contact_id = '' AND 'task-' || id = $1)",
		Columns: []string{"title", "description"}},
	{Fields: []string{work.TypeDeadlineSet + ".title", work.TypeDeadlineTextRedacted + ".text"}, Table: "deadlines_v1", Of: "'matter-' || matter_id = $1",
		Columns: []string{"title"}},
	{Fields: []string{work.TypeDeadlineMoved + ".reason", work.TypeDeadlineCancelled + ".reason", work.TypeDeadlineTextRedacted + ".text"},
		Table: "deadline_reasons_v1", Of: "'matter-' || matter_id = $1", Columns: []string{"reason"}},
}

// Holdings declares what the work read model keeps of sealed fields.
func (Projector) Holdings() []projections.Holding { return holdings }

// SubjectRows counts the tasks and deadlines that hold subjectID's
// personal data, by the declarations: what an erasure blanks, and zero
// once it has.
func SubjectRows(ctx context.Context, db DB, subjectID string) (int64, error) {
	n, err := projections.RowsHeld(ctx, db, holdings, subjectID)
	if err != nil {
		return 0, fmt.Errorf("work: subject rows: %w", err)
	}
	return n, nil
}

// PersonalTables names the tables an erasure blanks or deletes rows in: the
// tasks' titles and descriptions. The runtime rewrites them once it has
// (projections.PersonalData).
func (Projector) PersonalTables() []string { return []string{"tasks_v1"} }
