package work

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/access"
	"github.com/klient-crm/klient/domain/work"
	"github.com/klient-crm/klient/projections"
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
	// ConcernsClient: the matter's clients are reminded of it.
	ConcernsClient bool
	Erased         bool
	Version        uint64
	CreatedAt      time.Time
	UpdatedAt      time.Time
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
	// ConcernsClient: only the deadlines that concern the matter's
	// clients (the automatic reminders').
	ConcernsClient bool
	Limit          int // the first so many; 0: all
	// Viewer, when set, leaves out the deadlines of matters they may not
	// see (need-to-know and Walls), in the query, so pages stay whole.
	Viewer *access.Viewer
	Walls  []access.Target
	// After continues the list after the deadline with this key.
	After *DeadlineKey
}

// TaskFilter selects the open tasks assigned to Viewer or to one of
// their teams, as Viewer may see them: a task on a matter as the matter
// (need-to-know and Walls), one about a contact unless the contact is
// walled off. The rule is applied in the query, so pages stay whole.
type TaskFilter struct {
	Viewer access.Viewer
	Walls  []access.Target
	After  *TaskKey // continue after the task with this key
	Limit  int      // the first so many; 0: all
}

// TaskKey is a task's place in the task lists' order: due date, urgency,
// when it was created, and its ID, which no other task has.
type TaskKey struct {
	Due     work.Date `json:"d"`
	Urgency int       `json:"u"`
	Created time.Time `json:"c"`
	ID      string    `json:"i"`
}

// Key is t's place in the task lists' order.
func (t Task) Key() TaskKey {
	return TaskKey{Due: t.Due, Urgency: urgency(t.Priority), Created: t.CreatedAt, ID: t.ID}
}

// Valid reports a key a task could have.
func (k TaskKey) Valid() bool {
	return !k.Due.IsZero() && k.Urgency >= 0 && k.Urgency <= 3 && !k.Created.IsZero() && domain.ValidID(k.ID)
}

// DeadlineKey is a deadline's place in Deadlines' order: date, time of
// day (all day first), when it was set, and its ID.
type DeadlineKey struct {
	Date    work.Date      `json:"d"`
	Time    work.TimeOfDay `json:"t"`
	Created time.Time      `json:"c"`
	ID      string         `json:"i"`
}

// Key is d's place in Deadlines' order.
func (d Deadline) Key() DeadlineKey {
	return DeadlineKey{Date: d.Date, Time: d.Time, Created: d.CreatedAt, ID: d.ID}
}

// Valid reports a key a deadline could have.
func (k DeadlineKey) Valid() bool {
	at, err := work.ParseTimeOfDay("time", string(k.Time))
	return !k.Date.IsZero() && err == nil && at == k.Time && !k.Created.IsZero() && domain.ValidID(k.ID)
}

// scopeOf is need-to-know in SQL for viewer behind walls.
func scopeOf(viewer access.Viewer, walls []access.Target) projections.Scope {
	matters, contacts := access.WalledIDs(walls)
	return projections.Scope{StaffID: viewer.StaffID, Teams: viewer.Teams, WalledMatters: matters, WalledContacts: contacts}
}
