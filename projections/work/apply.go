package work

import (
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/klient-crm/klient/domain/work"
	"github.com/klient-crm/klient/eventstore"
)

// fact is what every statement needs of an event besides its payload.
type fact struct {
	version int64
	at      time.Time
	actor   string
	erased  bool // a subject's key is gone: its text is blank
}

func factOf(d eventstore.Decoded) fact {
	at := d.Metadata.OccurredAt
	if at.IsZero() {
		at = d.RecordedAt
	}
	return fact{version: int64(d.Version), at: at, actor: d.Metadata.Actor, erased: len(d.Erased) > 0}
}

// queue adds the statements for one event to b.
func queue(b *pgx.Batch, d eventstore.Decoded) error {
	f := factOf(d)
	switch e := d.Event.(type) {
	case work.TaskCreated:
		queueTaskCreated(b, e, f)
	case work.TaskReassigned:
		b.Queue(reassignedSQL, e.TaskID, e.Assignee.Staff, e.Assignee.Team, f.version, f.at)
	case work.TaskRescheduled:
		b.Queue(rescheduledSQL, e.TaskID, e.Due.String(), f.version, f.at)
	case work.TaskDetailsChanged:
		queueTaskDetails(b, e, f)
	case work.TaskTextRedacted:
		b.Queue(redactedSQL, e.TaskID, e.Text.Title, e.Text.Description, f.erased, f.version, f.at)
	case work.TaskStarted:
		b.Queue(statusSQL, e.TaskID, work.TaskStatusInProgress, f.version, f.at, false)
	case work.TaskCompleted:
		b.Queue(statusSQL, e.TaskID, work.TaskStatusDone, f.version, f.at, true)
	case work.TaskReopened:
		b.Queue(statusSQL, e.TaskID, work.TaskStatusOpen, f.version, f.at, false)
	case work.TaskCancelled:
		b.Queue(statusSQL, e.TaskID, work.TaskStatusCancelled, f.version, f.at, true)
	default:
		return queueDeadline(b, d, f)
	}
	return nil
}

// queueDeadline adds the statements for one deadline event to b.
func queueDeadline(b *pgx.Batch, d eventstore.Decoded, f fact) error {
	switch e := d.Event.(type) {
	case work.DeadlineSet:
		queueDeadlineSet(b, e, f)
	case work.DeadlineMoved:
		queueDeadlineMoved(b, e, f)
	case work.DeadlineMet:
		queueDeadlineStatus(b, e.DeadlineID, work.DeadlineStatusMet, f)
	case work.DeadlineCancelled:
		queueReason(b, e.DeadlineID, e.Reason, f)
		queueDeadlineStatus(b, e.DeadlineID, work.DeadlineStatusCancelled, f)
	case work.DeadlineConcernChanged:
		b.Queue(concernSQL, e.DeadlineID, e.ConcernsClient, f.version, f.at)
	case work.ReminderRaised:
		b.Queue(raisedSQL, e.DeadlineID, e.ReminderIndex, f.at, e.DueAt, f.version)
		b.Queue(bumpSQL, e.DeadlineID, f.version, f.at)
	default:
		return fmt.Errorf("work: no projection for event type %s", d.Type)
	}
	return nil
}

// urgency sorts priorities, most urgent first.
func urgency(p work.Priority) int {
	switch p {
	case work.PriorityUrgent:
		return 0
	case work.PriorityHigh:
		return 1
	case work.PriorityLow:
		return 3
	}
	return 2
}
