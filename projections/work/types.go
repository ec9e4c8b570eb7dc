package work

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/klient-crm/klient/domain/work"
)

// DB is what the queries need: a *pgxpool.Pool, a *pgx.Conn or a pgx.Tx.
type DB interface {
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
}

// Task is one task as the lists and the task page show it.
type Task struct {
	ID          string
	Title       string // '' once erased
	Description string
	Assignee    work.Assignee
	Due         work.Date
	Priority    work.Priority
	Status      work.TaskStatus
	MatterID    string
	ContactID   string
	Origin      string // the workflow-template item that created it
	Erased      bool
	Version     uint64 // stream version: the expected version for a change
	CreatedBy   string // staff ID
	CreatedAt   time.Time
	UpdatedAt   time.Time
	ClosedAt    time.Time // zero while open
}

// Overdue reports an open task whose due date is before today.
func (t Task) Overdue(today work.Date) bool { return !t.Status.Closed() && t.Due.Before(today) }

// Deadline is one legal deadline with its reminders.
type Deadline struct {
	ID          string
	MatterID    string
	Title       string // '' once erased
	Kind        work.DeadlineKind
	Date        work.Date
	Time        work.TimeOfDay // '' for all day
	Responsible string         // staff ID
	Status      work.DeadlineStatus
	Reminders   []Reminder // by index
	Origin      string
	Erased      bool
	Version     uint64
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// Missed reports a pending deadline whose date has passed: neither met
// nor cancelled in time.
func (d Deadline) Missed(today work.Date) bool {
	return d.Status == work.DeadlineStatusPending && d.Date.Before(today)
}

// Reminder is one reminder of a deadline.
type Reminder struct {
	DeadlineID string
	Index      int
	DaysBefore int
	DueAt      time.Time
	RaisedAt   time.Time // zero unless raised for the current DueAt
}

// Raised reports a reminder raised for its current due time.
func (r Reminder) Raised() bool { return !r.RaisedAt.IsZero() }

// MatterWork is everything to do on one matter.
type MatterWork struct {
	Tasks     []Task     // every status, by due date
	Deadlines []Deadline // every status, by date
}

// Filter narrows Deadlines; zero fields do not filter.
type Filter struct {
	StaffID  string    // the responsible staff member
	MatterID string    // the matter
	From     work.Date // on or after
	To       work.Date // on or before
	Pending  bool      // only pending deadlines
	Limit    int       // the first so many; 0: all
}
