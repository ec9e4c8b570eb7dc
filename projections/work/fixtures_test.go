package work_test

import (
	"context"

	"github.com/google/uuid"

	workcmd "github.com/klient-crm/klient/commands/work"
	domainwork "github.com/klient-crm/klient/domain/work"
	"github.com/klient-crm/klient/projections/work"
)

// task creates a task through the commands and returns its ID.
func (w *world) task(title string, a domainwork.Assignee, due, priority, matter string) string {
	w.T.Helper()
	h, err := workcmd.NewCreateTaskHandler(w.work)
	must(w.T, err)
	res, err := h.Handle(context.Background(), workcmd.CreateTask{Actor: w.actor, Title: title,
		Description: "Detaljer om " + title, Assignee: a, Due: due, Priority: priority, MatterID: matter})
	must(w.T, err)
	return res.ID
}

// deadline sets a deadline on matter for which anna is responsible.
func (w *world) deadline(matter, title, date, at string, reminders ...int) string {
	w.T.Helper()
	h, err := workcmd.NewSetDeadlineHandler(w.work)
	must(w.T, err)
	res, err := h.Handle(context.Background(), workcmd.SetDeadline{Actor: w.actor, MatterID: matter, Kind: "court_date",
		Date: date, Time: at, Title: title, Responsible: w.anna, Reminders: reminders})
	must(w.T, err)
	return res.ID
}

func (w *world) status() *workcmd.TaskStatusHandler {
	h, err := workcmd.NewTaskStatusHandler(w.work)
	must(w.T, err)
	return h
}

func newID() string { return uuid.NewString() }

// taskIDs lists the IDs of tasks, in order.
func taskIDs(tasks []work.Task) []string {
	out := make([]string, len(tasks))
	for i, t := range tasks {
		out[i] = t.ID
	}
	return out
}
