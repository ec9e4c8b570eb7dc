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
	var a args
	rows, err := db.Query(ctx, assignedTasks(&a, staffID, teams, "", limit), a...)
	return collect(rows, err, "my tasks", scanTask)
}

// Tasks lists the open tasks f selects, soonest due first, the most
// urgent first among them: MyTasks with need-to-know and a cursor.
func Tasks(ctx context.Context, db DB, f TaskFilter) ([]Task, error) {
	var a args
	scope := scopeOf(f.Viewer, f.Walls)
	cond := " AND " + scope.FiledUnder("matter_id", a.add) +
		" AND (matter_id <> '' OR contact_id = '' OR " + scope.Unwalled("ARRAY[contact_id]", a.add) + ")"
	if k := f.After; k != nil {
		cond += " AND (due, urgency, created_at, id) > (" + a.add(k.Due.String()) + "::date, " + a.add(k.Urgency) +
			"::smallint, " + a.add(k.Created) + "::timestamptz, " + a.add(k.ID) + "::text)"
	}
	rows, err := db.Query(ctx, assignedTasks(&a, f.Viewer.StaffID, f.Viewer.Teams, cond, f.Limit), a...)
	return collect(rows, err, "tasks", scanTask)
}

// assignedTasks is the query of the open tasks assigned to staffID or to
// any of teams that also meet cond (" AND …" over tasks_v1, its
// parameters already in a), in the list's order, the first limit (all
// when 0). Each assignee's tasks come from its own index in the list's
// order, a page of each at most, and are merged: asked with OR, the
// database read and sorted every open task of the member and their teams
// (20–50 ms at a million events, issue 19).
func assignedTasks(a *args, staffID string, teams []string, cond string, limit int) string {
	me, team, most := a.add(staffID), a.add(list(teams)), a.add(limitOrAll(limit))
	return `SELECT ` + mergedTaskColumns + ` FROM (
		(SELECT urgency AS u, ` + taskColumns + ` FROM tasks_v1 WHERE ` + openTask + ` AND assignee_staff = ` + me + cond + taskOrder + ` LIMIT ` + most + `)
		UNION ALL
		SELECT t.* FROM unnest(` + team + `::text[]) AS team(name) CROSS JOIN LATERAL
			(SELECT urgency AS u, ` + taskColumns + ` FROM tasks_v1 WHERE ` + openTask + ` AND assignee_team = team.name
				AND assignee_staff <> ` + me + cond + taskOrder + ` LIMIT ` + most + `) t
	) mine ORDER BY due, u, created_at, id LIMIT ` + most
}

// mergedTaskColumns are taskColumns read from a subquery that selected
// them (due is text there already; ISO dates sort as text does).
var mergedTaskColumns = strings.Replace(taskColumns, "due::text", "due", 1)

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
