package work

import (
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/klient-crm/klient/domain/work"
)

// Dates travel as text ('YYYY-MM-DD') both ways, so no time zone ever
// shifts a calendar date.
const taskColumns = `id, title, description, assignee_staff, assignee_team, due::text, priority, status,
	matter_id, contact_id, origin, erased, version, created_by, created_at, updated_at, closed_at`

func scanTask(row pgx.CollectableRow) (Task, error) {
	var t Task
	var due string
	var version int64
	var closed *time.Time
	err := row.Scan(&t.ID, &t.Title, &t.Description, &t.Assignee.Staff, &t.Assignee.Team, &due, &t.Priority,
		&t.Status, &t.MatterID, &t.ContactID, &t.Origin, &t.Erased, &version, &t.CreatedBy, &t.CreatedAt,
		&t.UpdatedAt, &closed)
	if err != nil {
		return t, err
	}
	if closed != nil {
		t.ClosedAt = *closed
	}
	t.Version = uint64(version)
	t.Due, err = work.ParseDate("due", due)
	return t, err
}

const deadlineColumns = `id, matter_id, title, kind, date::text, time, responsible, status, origin, erased,
	version, created_at, updated_at, concerns_client`

func scanDeadline(row pgx.CollectableRow) (Deadline, error) {
	var d Deadline
	into := deadlineInto(&d)
	if err := row.Scan(into.dest...); err != nil {
		return d, err
	}
	return d, into.finish()
}

// deadlineScan holds a Deadline's scan targets for deadlineColumns, and
// what finish converts (the date as text, the version as a bigint).
type deadlineScan struct {
	d       *Deadline
	date    string
	version int64
	dest    []any
}

func deadlineInto(d *Deadline) *deadlineScan {
	s := &deadlineScan{d: d}
	s.dest = []any{&d.ID, &d.MatterID, &d.Title, &d.Kind, &s.date, &d.Time, &d.Responsible, &d.Status, &d.Origin,
		&d.Erased, &s.version, &d.CreatedAt, &d.UpdatedAt, &d.ConcernsClient}
	return s
}

func (s *deadlineScan) finish() error {
	s.d.Version = uint64(s.version)
	var err error
	s.d.Date, err = work.ParseDate("date", s.date)
	return err
}

// reminderColumns reads raised_at only when it was for the current due time.
const reminderColumns = `deadline_id, idx, days_before, due_at,
	CASE WHEN raised_due_at = due_at THEN raised_at END`

func scanReminder(row pgx.CollectableRow) (Reminder, error) {
	var r Reminder
	var raised *time.Time
	err := row.Scan(&r.DeadlineID, &r.Index, &r.DaysBefore, &r.DueAt, &raised)
	if raised != nil {
		r.RaisedAt = *raised
	}
	return r, err
}

// collect runs a query and scans every row with scan; what names the
// query in errors.
func collect[T any](rows pgx.Rows, err error, what string, scan pgx.RowToFunc[T]) ([]T, error) {
	if err != nil {
		return nil, fmt.Errorf("work: %s: %w", what, err)
	}
	out, err := pgx.CollectRows(rows, scan)
	if err != nil {
		return nil, fmt.Errorf("work: %s: %w", what, err)
	}
	return out, nil
}

// prefixed qualifies each of a comma-separated column list with p ("d.").
func prefixed(p, columns string) string {
	parts := strings.Split(columns, ",")
	for i, c := range parts {
		parts[i] = p + strings.TrimSpace(c)
	}
	return strings.Join(parts, ", ")
}

func scanRaised(row pgx.CollectableRow) (RaisedReminder, error) {
	var r RaisedReminder
	into := deadlineInto(&r.Deadline)
	dest := append([]any{&r.DeadlineID, &r.Index, &r.DaysBefore, &r.DueAt, &r.RaisedAt}, into.dest...)
	if err := row.Scan(dest...); err != nil {
		return r, err
	}
	return r, into.finish()
}

// limitOrAll turns a list's limit (0: all) into a LIMIT that PostgreSQL
// takes: the start page asks for its first rows only, a feed or the API
// for all.
func limitOrAll(limit int) int {
	if limit <= 0 {
		return math.MaxInt32
	}
	return limit
}
