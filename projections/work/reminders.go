package work

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"
)

// RaisedReminder is a reminder that has gone off, with its deadline: what
// the start page shows its responsible staff member.
type RaisedReminder struct {
	Reminder
	Deadline Deadline // without its Reminders
}

// RaisedReminders lists the reminders raised for staffID's pending
// deadlines, soonest deadline first: the first limit, or all when limit is
// 0. A met or cancelled deadline needs no more reminding, so its reminders
// drop off.
func RaisedReminders(ctx context.Context, db DB, staffID string, limit int) ([]RaisedReminder, error) {
	rows, err := db.Query(ctx, `SELECT r.deadline_id, r.idx, r.days_before, r.due_at, r.raised_at, `+prefixed("d.", deadlineColumns)+`
		FROM reminders_v1 r JOIN deadlines_v1 d ON d.id = r.deadline_id
		WHERE r.responsible = $1 AND r.pending AND r.raised_due_at = r.due_at AND d.status = 'pending'
		ORDER BY d.date, d.time, r.idx LIMIT $2`, staffID, limitOrAll(limit))
	return collect(rows, err, "raised reminders", scanRaised)
}

// ReminderRef names one reminder of one deadline.
type ReminderRef struct {
	DeadlineID string
	Index      int
}

// DueReminders lists at most limit reminders of pending deadlines that
// fell due at or before now and are not raised for their current due time,
// oldest first. The read model can lag: the deadline aggregate has the
// last word on whether a reminder is still to raise.
func DueReminders(ctx context.Context, db DB, now time.Time, limit int) ([]ReminderRef, error) {
	rows, err := db.Query(ctx, `SELECT r.deadline_id, r.idx FROM reminders_v1 r JOIN deadlines_v1 d ON d.id = r.deadline_id
		WHERE r.due_at <= $1 AND r.raised_due_at IS DISTINCT FROM r.due_at AND d.status = 'pending'
		ORDER BY r.due_at, r.deadline_id, r.idx LIMIT $2`, now, limit)
	return collect(rows, err, "due reminders", func(row pgx.CollectableRow) (ReminderRef, error) {
		var ref ReminderRef
		err := row.Scan(&ref.DeadlineID, &ref.Index)
		return ref, err
	})
}
