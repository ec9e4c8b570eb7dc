package http

import (
	"context"
	"io"
	"time"

	workcmd "github.com/klient-crm/klient/commands/work"
	workdomain "github.com/klient-crm/klient/domain/work"
	"github.com/klient-crm/klient/http/web"
	"github.com/klient-crm/klient/projections/work"
)

// TaskStatus is *workcmd.TaskStatusHandler.
type TaskStatus interface {
	HandleStart(ctx context.Context, cmd workcmd.ChangeTaskStatus) (workcmd.WorkResult, error)
	HandleComplete(ctx context.Context, cmd workcmd.ChangeTaskStatus) (workcmd.WorkResult, error)
	HandleReopen(ctx context.Context, cmd workcmd.ChangeTaskStatus) (workcmd.WorkResult, error)
	HandleCancel(ctx context.Context, cmd workcmd.ChangeTaskStatus) (workcmd.WorkResult, error)
}

// TaskUpdate is *workcmd.TaskUpdateHandler.
type TaskUpdate interface {
	HandleReassign(ctx context.Context, cmd workcmd.ReassignTask) (workcmd.WorkResult, error)
	HandleReschedule(ctx context.Context, cmd workcmd.RescheduleTask) (workcmd.WorkResult, error)
}

// DeadlineClosing is *workcmd.DeadlineUpdateHandler.
type DeadlineClosing interface {
	HandleMove(ctx context.Context, cmd workcmd.MoveDeadline) (workcmd.WorkResult, error)
	HandleMeet(ctx context.Context, cmd workcmd.CloseDeadline) (workcmd.WorkResult, error)
	HandleCancel(ctx context.Context, cmd workcmd.CloseDeadline) (workcmd.WorkResult, error)
}

// WorkCommands are the task and deadline write side.
type WorkCommands struct {
	CreateTask  web.Handles[workcmd.CreateTask, workcmd.WorkResult]
	TaskStatus  TaskStatus
	TaskUpdate  TaskUpdate
	SetDeadline web.Handles[workcmd.SetDeadline, workcmd.WorkResult]
	Deadlines   DeadlineClosing
}

// WorkDirectory is the work read model's queries and the calendar feed;
// WorkReadModel binds them to a database.
type WorkDirectory interface {
	MyTasks(ctx context.Context, staffID string, teams []string, limit int) ([]work.Task, error)
	Overdue(ctx context.Context, staffID string, teams []string, today workdomain.Date) ([]work.Task, error)
	ForMatter(ctx context.Context, matterID string) (work.MatterWork, error)
	GetTask(ctx context.Context, id string) (work.Task, error)
	Deadlines(ctx context.Context, f work.Filter) ([]work.Deadline, error)
	GetDeadline(ctx context.Context, id string) (work.Deadline, error)
	RaisedReminders(ctx context.Context, staffID string, limit int) ([]work.RaisedReminder, error)
	CalendarFor(ctx context.Context, staffID string, teams []string, now time.Time) (work.CalendarItems, error)
	WriteCalendar(w io.Writer, staffID string, items work.CalendarItems) error
	CreateFeedToken(ctx context.Context, staffID string, now time.Time) (string, error)
	RevokeFeedToken(ctx context.Context, staffID string, now time.Time) error
	StaffForFeedToken(ctx context.Context, token string) (string, bool, error)
}

// WorkReadModel returns the WorkDirectory over db (a *pgxpool.Pool).
func WorkReadModel(db work.DB) WorkDirectory { return workModel{db} }

type workModel struct{ db work.DB }

func (m workModel) MyTasks(ctx context.Context, staffID string, teams []string, limit int) ([]work.Task, error) {
	return work.MyTasks(ctx, m.db, staffID, teams, limit)
}

func (m workModel) Overdue(ctx context.Context, staffID string, teams []string, today workdomain.Date) ([]work.Task, error) {
	return work.Overdue(ctx, m.db, staffID, teams, today)
}

func (m workModel) ForMatter(ctx context.Context, matterID string) (work.MatterWork, error) {
	return work.ForMatter(ctx, m.db, matterID)
}

func (m workModel) GetTask(ctx context.Context, id string) (work.Task, error) {
	return work.GetTask(ctx, m.db, id)
}

func (m workModel) Deadlines(ctx context.Context, f work.Filter) ([]work.Deadline, error) {
	return work.Deadlines(ctx, m.db, f)
}

func (m workModel) GetDeadline(ctx context.Context, id string) (work.Deadline, error) {
	return work.GetDeadline(ctx, m.db, id)
}

func (m workModel) RaisedReminders(ctx context.Context, staffID string, limit int) ([]work.RaisedReminder, error) {
	return work.RaisedReminders(ctx, m.db, staffID, limit)
}

func (m workModel) CalendarFor(ctx context.Context, staffID string, teams []string, now time.Time) (work.CalendarItems, error) {
	return work.CalendarFor(ctx, m.db, staffID, teams, now)
}

func (m workModel) WriteCalendar(w io.Writer, staffID string, items work.CalendarItems) error {
	return work.WriteCalendar(w, staffID, items)
}

func (m workModel) CreateFeedToken(ctx context.Context, staffID string, now time.Time) (string, error) {
	return work.CreateFeedToken(ctx, m.db, staffID, now)
}

func (m workModel) RevokeFeedToken(ctx context.Context, staffID string, now time.Time) error {
	return work.RevokeFeedToken(ctx, m.db, staffID, now)
}

func (m workModel) StaffForFeedToken(ctx context.Context, token string) (string, bool, error) {
	return work.StaffForFeedToken(ctx, m.db, token)
}
