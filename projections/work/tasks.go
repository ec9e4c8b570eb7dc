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

// openTasks is the condition and order every list of open tasks shares:
// soonest due first, then the most urgent.
const (
	openTask = `status IN ('open', 'in_progress')`
	// The table's due, not the column list's due::text of the same name,
	// so that the assignees' indexes give the order.
	taskOrder = ` ORDER BY tasks_v1.due, urgency, created_at, id`
)

// MyTasks lists the open tasks assigned to staffID or to any of teams:
// the first limit of them, or all when limit is 0.
func MyTasks(ctx context.Context, db DB, staffID string, teams []string, limit int) ([]Task, error) {
	// Each assignee's tasks come from its own index in the list's order, a
	// page of each at most, and are merged: asked with OR, the database read
	// and sorted every open task of the member and their teams (20–50 ms at
	// a million events, issue 19).
	rows, err := db.Query(ctx, `SELECT `+mergedTaskColumns+` FROM (
		(SELECT urgency AS u, `+taskColumns+` FROM tasks_v1 WHERE `+openTask+` AND assignee_staff = $1`+taskOrder+` LIMIT $3)
		UNION ALL
		SELECT t.* FROM unnest($2::text[]) AS team(name) CROSS JOIN LATERAL
			(SELECT urgency AS u, `+taskColumns+` FROM tasks_v1 WHERE `+openTask+` AND assignee_team = team.name
				AND assignee_staff <> $1`+taskOrder+` LIMIT $3) t
	) mine ORDER BY due, u, created_at, id LIMIT $3`, staffID, list(teams), limitOrAll(limit))
	return collect(rows, err, "my tasks", scanTask)
}

// mergedTaskColumns are taskColumns read from a subquery that selected
// them (due is text there already; ISO dates sort as text does).
var mergedTaskColumns = strings.Replace(taskColumns, "due::text", "due", 1)

// Tasks lists the open tasks f selects, soonest due first, the most
// urgent first among them: MyTasks with need-to-know and a cursor, read
// the same way (each assignee's own index, a page of each, merged) for the
// same reason.
func Tasks(ctx context.Context, db DB, f TaskFilter) ([]Task, error) {
	var a args
	scope := scopeOf(f.Viewer, f.Walls)
	me, teams := a.add(f.Viewer.StaffID), a.add(list(f.Viewer.Teams))
	cond := " AND " + scope.FiledUnder("matter_id", a.add) +
		" AND (matter_id <> '' OR contact_id = '' OR " + scope.Unwalled("ARRAY[contact_id]", a.add) + ")"
	if k := f.After; k != nil {
		cond += " AND (due, urgency, created_at, id) > (" + a.add(k.Due.String()) + "::date, " + a.add(k.Urgency) +
			"::smallint, " + a.add(k.Created) + "::timestamptz, " + a.add(k.ID) + "::text)"
	}
	limit := a.add(limitOrAll(f.Limit))
	rows, err := db.Query(ctx, `SELECT `+mergedTaskColumns+` FROM (
		(SELECT urgency AS u, `+taskColumns+` FROM tasks_v1 WHERE `+openTask+` AND assignee_staff = `+me+cond+taskOrder+` LIMIT `+limit+`)
		UNION ALL
		SELECT t.* FROM unnest(`+teams+`::text[]) AS team(name) CROSS JOIN LATERAL
			(SELECT urgency AS u, `+taskColumns+` FROM tasks_v1 WHERE `+openTask+` AND assignee_team = team.name
				AND assignee_staff <> `+me+cond+taskOrder+` LIMIT `+limit+`) t
	) mine ORDER BY due, u, created_at, id LIMIT `+limit, a...)
	return collect(rows, err, "tasks", scanTask)
}

// TeamTasks lists the open tasks assigned to team (not to its members one
// by one).
func TeamTasks(ctx context.Context, db DB, team string) ([]Task, error) {
	rows, err := db.Query(ctx, "SELECT "+taskColumns+" FROM tasks_v1 WHERE "+openTask+" AND assignee_team = $1"+taskOrder, team)
	return collect(rows, err, "team tasks", scanTask)
}

// ForMatter lists every task and deadline of a matter, whatever its status.
func ForMatter(ctx context.Context, db DB, matterID string) (MatterWork, error) {
	rows, err := db.Query(ctx, "SELECT "+taskColumns+" FROM tasks_v1 WHERE matter_id = $1"+taskOrder, matterID)
	tasks, err := collect(rows, err, "tasks of a matter", scanTask)
	if err != nil {
		return MatterWork{}, err
	}
	deadlines, err := Deadlines(ctx, db, Filter{MatterID: matterID})
	return MatterWork{Tasks: tasks, Deadlines: deadlines}, err
}

// GetTask returns one task; an unknown id is a KindNotFound error (code
// work.task.not_found).
func GetTask(ctx context.Context, db DB, id string) (Task, error) {
	rows, err := db.Query(ctx, "SELECT "+taskColumns+" FROM tasks_v1 WHERE id = $1", id)
	if err != nil {
		return Task{}, fmt.Errorf("work: get task: %w", err)
	}
	t, err := pgx.CollectExactlyOneRow(rows, scanTask)
	if errors.Is(err, pgx.ErrNoRows) {
		return Task{}, domain.NotFound("there is no such task").WithCode("work.task.not_found")
	}
	if err != nil {
		return Task{}, fmt.Errorf("work: get task: %w", err)
	}
	return t, nil
}

// args numbers query parameters as they are added.
type args []any

func (a *args) add(v any) string {
	*a = append(*a, v)
	return "$" + strconv.Itoa(len(*a))
}

// list keeps an absent list from reaching an array parameter as NULL.
func list(items []string) []string {
	if items == nil {
		return []string{}
	}
	return items
}
