package work

import (
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/klient-crm/klient/domain/work"
)

// deadlineSetSQL inserts a deadline, as taskCreatedSQL inserts a task.
const deadlineSetSQL = `INSERT INTO deadlines_v1 (id, matter_id, title, kind, date, time, responsible, status, origin,
	erased, version, created_at, updated_at, concerns_client)
VALUES ($1, $2, $3, $4, $5::date, $6, $7, 'pending', $8, $9, $10, $11, $11, $12)
ON CONFLICT (id) DO UPDATE SET title = '', erased = true WHERE EXCLUDED.erased`

// Reminder statements run before the deadline's own, under the same guard
// (the deadline row's version is older than the event), so that a replayed
// event touches neither.
const (
	newer = `EXISTS (SELECT 1 FROM deadlines_v1 WHERE id = $1 AND version < $2)`

	// remindersSetSQL fills the reminders of a deadline just set (and never
	// again: a replayed DeadlineSet finds the row at a later version).
	// A reminder carries its deadline's responsible member and whether
	// the deadline is pending, so that a member's raised reminders are found
	// by one small index however many deadlines they have (issue 19).
	remindersSetSQL = `INSERT INTO reminders_v1 (deadline_id, idx, days_before, due_at, responsible, pending)
		SELECT $1, x.i - 1, x.days, x.due, d.responsible, d.status = 'pending'
		FROM unnest($3::int[], $4::timestamptz[]) WITH ORDINALITY AS x(days, due, i), deadlines_v1 d
		WHERE d.id = $1 AND d.version = $2
		ON CONFLICT (deadline_id, idx) DO NOTHING`
	remindersDropSQL = `DELETE FROM reminders_v1 WHERE deadline_id = $1 AND idx >= $3 AND ` + newer
	remindersMoveSQL = `INSERT INTO reminders_v1 (deadline_id, idx, days_before, due_at, responsible, pending)
		SELECT $1, x.i - 1, x.days, x.due, d.responsible, d.status = 'pending'
		FROM unnest($3::int[], $4::timestamptz[]) WITH ORDINALITY AS x(days, due, i), deadlines_v1 d
		WHERE d.id = $1 AND d.version < $2
		ON CONFLICT (deadline_id, idx) DO UPDATE SET days_before = EXCLUDED.days_before, due_at = EXCLUDED.due_at`
	deadlineMovedSQL = `UPDATE deadlines_v1 SET date = $3::date, time = $4, version = $2, updated_at = $5
		WHERE id = $1 AND version < $2`
	deadlineStatusSQL  = `UPDATE deadlines_v1 SET status = $2, version = $3, updated_at = $4 WHERE id = $1 AND version < $3`
	remindersStatusSQL = `UPDATE reminders_v1 SET pending = ($2 = 'pending') WHERE deadline_id = $1
		AND EXISTS (SELECT 1 FROM deadlines_v1 WHERE id = $1 AND version < $3)`
	raisedSQL = `UPDATE reminders_v1 SET raised_at = $3, raised_due_at = $4
		WHERE deadline_id = $1 AND idx = $2 AND EXISTS (SELECT 1 FROM deadlines_v1 WHERE id = $1 AND version < $5)`
	bumpSQL    = `UPDATE deadlines_v1 SET version = $2, updated_at = $3 WHERE id = $1 AND version < $2`
	concernSQL = `UPDATE deadlines_v1 SET concerns_client = $2, version = $3, updated_at = $4 WHERE id = $1 AND version < $3`

	// reasonSQL keeps why the deadline moved or was cancelled, under the
	// same guard (before the deadline's own statement).
	reasonSQL = `INSERT INTO deadline_reasons_v1 (deadline_id, version, matter_id, reason)
		SELECT id, $2, matter_id, $3 FROM deadlines_v1 WHERE id = $1 AND version < $2
		ON CONFLICT (deadline_id, version) DO NOTHING`
)

// queueReason keeps a moved or cancelled deadline's reason, when it gave
// one whose key still opens it.
func queueReason(b *pgx.Batch, id, reason string, f fact) {
	if reason != "" && !f.erased {
		b.Queue(reasonSQL, id, f.version, reason)
	}
}

func queueDeadlineSet(b *pgx.Batch, e work.DeadlineSet, f fact) {
	title := e.Title
	if f.erased {
		title = ""
	}
	b.Queue(deadlineSetSQL, e.DeadlineID, e.MatterID, title, e.Kind, e.Date.String(), string(e.Time), e.Responsible,
		e.Origin, f.erased, f.version, f.at, work.ConcernsClient(e))
	days, dues := schedule(e.Date, e.Time, e.Reminders)
	b.Queue(remindersSetSQL, e.DeadlineID, f.version, days, dues)
}

func queueDeadlineMoved(b *pgx.Batch, e work.DeadlineMoved, f fact) {
	queueReason(b, e.DeadlineID, e.Reason, f)
	days, dues := schedule(e.Date, e.Time, e.Reminders)
	b.Queue(remindersDropSQL, e.DeadlineID, f.version, len(days))
	b.Queue(remindersMoveSQL, e.DeadlineID, f.version, days, dues)
	b.Queue(deadlineMovedSQL, e.DeadlineID, f.version, e.Date.String(), string(e.Time), f.at)
}

// queueDeadlineStatus ends a deadline (met or cancelled), its reminders
// first, under the same guard.
func queueDeadlineStatus(b *pgx.Batch, id string, status work.DeadlineStatus, f fact) {
	b.Queue(remindersStatusSQL, id, status, f.version)
	b.Queue(deadlineStatusSQL, id, status, f.version, f.at)
}

// schedule lists the reminders' days and due times, by index.
func schedule(date work.Date, at work.TimeOfDay, reminders []int) ([]int32, []time.Time) {
	days := make([]int32, len(reminders))
	dues := make([]time.Time, len(reminders))
	for i, n := range reminders {
		days[i], dues[i] = int32(n), work.ReminderDue(date, at, n)
	}
	return days, dues
}
