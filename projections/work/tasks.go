package work

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/work"
)

// openTasks is the condition and order every list of open tasks shares:
// soonest due first, then the most urgent.
const (
	openTask  = `status IN ('open', 'in_progress')`
	taskOrder = ` ORDER BY due, urgency, created_at, id`
)

// MyTasks lists the open tasks assigned to staffID or to any of teams:
// the first limit of them, or all when limit is 0.
func MyTasks(ctx context.Context, db DB, staffID string, teams []string, limit int) ([]Task, error) {
	rows, err := db.Query(ctx, "SELECT "+taskColumns+" FROM tasks_v1 WHERE "+openTask+
		" AND (assignee_staff = $1 OR assignee_team = ANY($2))"+taskOrder+" LIMIT $3", staffID, list(teams), limitOrAll(limit))
	return collect(rows, err, "my tasks", scanTask)
}

// Overdue lists MyTasks that were due before today.
func Overdue(ctx context.Context, db DB, staffID string, teams []string, today work.Date) ([]Task, error) {
	rows, err := db.Query(ctx, "SELECT "+taskColumns+" FROM tasks_v1 WHERE "+openTask+
		" AND (assignee_staff = $1 OR assignee_team = ANY($2)) AND due < $3::date"+taskOrder,
		staffID, list(teams), today.String())
	return collect(rows, err, "overdue tasks", scanTask)
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

// list keeps an absent list from reaching an array parameter as NULL.
func list(items []string) []string {
	if items == nil {
		return []string{}
	}
	return items
}
