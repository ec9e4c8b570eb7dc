package work

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/klient-crm/klient/domain"
)

// Deadlines lists the deadlines f selects with their reminders, soonest
// first.
func Deadlines(ctx context.Context, db DB, f Filter) ([]Deadline, error) {
	where, args := f.where()
	rows, err := db.Query(ctx, "SELECT "+deadlineColumns+" FROM deadlines_v1 WHERE "+where+
		" ORDER BY deadlines_v1.date, time, created_at, id LIMIT "+strconv.Itoa(limitOrAll(f.Limit)), args...)
	out, err := collect(rows, err, "deadlines", scanDeadline)
	if err != nil {
		return nil, err
	}
	return out, withReminders(ctx, db, out)
}

// where builds f's condition; every value is a parameter.
func (f Filter) where() (string, []any) {
	conds := []string{"true"}
	var args []any
	add := func(cond string, arg any) {
		args = append(args, arg)
		conds = append(conds, fmt.Sprintf(cond, len(args)))
	}
	if f.StaffID != "" {
		add("responsible = $%d", f.StaffID)
	}
	if f.MatterID != "" {
		add("matter_id = $%d", f.MatterID)
	}
	if !f.From.IsZero() {
		add("date >= $%d::date", f.From.String())
	}
	if !f.To.IsZero() {
		add("date <= $%d::date", f.To.String())
	}
	if f.Pending {
		conds = append(conds, "status = 'pending'")
	}
	if f.ConcernsClient {
		conds = append(conds, "concerns_client")
	}
	arg := func(v any) string { args = append(args, v); return "$" + strconv.Itoa(len(args)) }
	if f.Viewer != nil {
		conds = append(conds, scopeOf(*f.Viewer, f.Walls).FiledUnder("matter_id", arg))
	}
	if k := f.After; k != nil {
		conds = append(conds, "(date, time, created_at, id) > ("+arg(k.Date.String())+"::date, "+arg(string(k.Time))+
			"::text, "+arg(k.Created)+"::timestamptz, "+arg(k.ID)+"::text)")
	}
	return strings.Join(conds, " AND "), args
}

// GetDeadline returns one deadline with its reminders; an unknown id is a
// KindNotFound error (code work.deadline.not_found).
func GetDeadline(ctx context.Context, db DB, id string) (Deadline, error) {
	rows, err := db.Query(ctx, "SELECT "+deadlineColumns+" FROM deadlines_v1 WHERE id = $1", id)
	if err != nil {
		return Deadline{}, fmt.Errorf("work: get deadline: %w", err)
	}
	d, err := pgx.CollectExactlyOneRow(rows, scanDeadline)
	if errors.Is(err, pgx.ErrNoRows) {
		return Deadline{}, domain.NotFound("there is no such deadline").WithCode("work.deadline.not_found")
	}
	if err != nil {
		return Deadline{}, fmt.Errorf("work: get deadline: %w", err)
	}
	one := []Deadline{d}
	err = withReminders(ctx, db, one)
	return one[0], err
}

// withReminders fills in the reminders of ds in one query.
func withReminders(ctx context.Context, db DB, ds []Deadline) error {
	if len(ds) == 0 {
		return nil
	}
	ids := make([]string, len(ds))
	at := make(map[string]int, len(ds))
	for i, d := range ds {
		ids[i], at[d.ID] = d.ID, i
	}
	rows, err := db.Query(ctx, "SELECT "+reminderColumns+" FROM reminders_v1 WHERE deadline_id = ANY($1) ORDER BY deadline_id, idx", ids)
	rs, err := collect(rows, err, "reminders", scanReminder)
	for _, r := range rs {
		ds[at[r.DeadlineID]].Reminders = append(ds[at[r.DeadlineID]].Reminders, r)
	}
	return err
}
