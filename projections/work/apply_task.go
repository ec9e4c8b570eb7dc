package work

import (
	"github.com/jackc/pgx/v5"

	"github.com/klient-crm/klient/domain/work"
)

// taskCreatedSQL inserts a task; the creation is the stream's first event,
// so a replay finds the row and changes nothing, except that an erased
// replay always blanks the text.
const taskCreatedSQL = `INSERT INTO tasks_v1 (id, title, description, assignee_staff, assignee_team, due, priority,
	urgency, status, matter_id, contact_id, origin, erased, version, created_by, created_at, updated_at)
VALUES ($1, $2, $3, $4, $5, $6::date, $7, $8, 'open', $9, $10, $11, $12, $13, $14, $15, $15)
ON CONFLICT (id) DO UPDATE SET title = '', description = '', erased = true WHERE EXCLUDED.erased`

func queueTaskCreated(b *pgx.Batch, e work.TaskCreated, f fact) {
	text := e.Text
	if f.erased {
		text = work.TaskText{}
	}
	b.Queue(taskCreatedSQL, e.TaskID, text.Title, text.Description, e.Assignee.Staff, e.Assignee.Team, e.Due.String(),
		e.Priority, urgency(e.Priority), e.MatterID, e.ContactID, e.Origin, f.erased, f.version, f.actor, f.at)
}

// The guards (version < the event's) keep a replayed older event from
// undoing a newer one; an erased replay still blanks the text.
const (
	reassignedSQL = `UPDATE tasks_v1 SET assignee_staff = $2, assignee_team = $3, version = $4, updated_at = $5
		WHERE id = $1 AND version < $4`
	rescheduledSQL = `UPDATE tasks_v1 SET due = $2::date, version = $3, updated_at = $4 WHERE id = $1 AND version < $3`
	detailsSQL     = `UPDATE tasks_v1 SET title = $2, description = $3, priority = $4, urgency = $5, version = $6,
		updated_at = $7 WHERE id = $1 AND version < $6`
	// redactedSQL replaces the text whatever the row showed: a redaction's
	// text is under a new key, erased only if that key is gone too.
	redactedSQL = `UPDATE tasks_v1 SET title = $2, description = $3, erased = $4, version = $5, updated_at = $6
		WHERE id = $1 AND version < $5`
	eraseTaskSQL = `UPDATE tasks_v1 SET title = '', description = '', erased = true WHERE id = $1`
	// statusSQL sets closed_at when the new status closes the task ($5).
	statusSQL = `UPDATE tasks_v1 SET status = $2, version = $3, updated_at = $4,
		closed_at = CASE WHEN $5::boolean THEN $4::timestamptz END WHERE id = $1 AND version < $3`
)

func queueTaskDetails(b *pgx.Batch, e work.TaskDetailsChanged, f fact) {
	if f.erased {
		b.Queue(eraseTaskSQL, e.TaskID)
		b.Queue(detailsSQL, e.TaskID, "", "", e.Priority, urgency(e.Priority), f.version, f.at)
		return
	}
	b.Queue(detailsSQL, e.TaskID, e.Text.Title, e.Text.Description, e.Priority, urgency(e.Priority), f.version, f.at)
}
