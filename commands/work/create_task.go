package work

import (
	"context"
	"time"

	"github.com/klient-crm/klient/commands/journal"
	"github.com/klient-crm/klient/domain"
	domainwork "github.com/klient-crm/klient/domain/work"
)

// CreateTask gives someone (a staff member or a team) something to do by
// a date, optionally about a matter and/or a contact.
type CreateTask struct {
	Actor journal.Actor
	// TaskID is optional: a client that chooses the UUID itself can safely
	// resend after a timeout.
	TaskID      string
	Title       string
	Description string
	Assignee    domainwork.Assignee
	Due         string // "YYYY-MM-DD", a date in Stockholm
	Priority    string // low, normal (the default), high, urgent
	MatterID    string
	ContactID   string
}

// CreateTaskHandler handles CreateTask.
type CreateTaskHandler struct{ work *Work }

// NewCreateTaskHandler returns the handler.
func NewCreateTaskHandler(w *Work) (*CreateTaskHandler, error) {
	if err := requireWork("NewCreateTaskHandler", w); err != nil {
		return nil, err
	}
	return &CreateTaskHandler{work: w}, nil
}

// Handle checks the assignee with the roster, then lets the task decide.
// Resent with the same TaskID and facts it returns the first result and
// writes nothing. The linked matter and contact are not looked up: their
// IDs only choose the key that seals the text.
func (h *CreateTaskHandler) Handle(ctx context.Context, cmd CreateTask) (WorkResult, error) {
	if err := cmd.Actor.Check(); err != nil {
		return WorkResult{}, err
	}
	id, err := journal.NewID(cmd.TaskID, domain.Invalid("task_id", "a task ID is a UUID").WithCode("work.task.id.format"))
	if err != nil {
		return WorkResult{}, err
	}
	assignee, err := h.work.checkAssignee(ctx, "assignee", cmd.Assignee)
	if err != nil {
		return WorkResult{}, err
	}
	in := domainwork.NewTask{Title: cmd.Title, Description: cmd.Description, Assignee: assignee, Due: cmd.Due,
		Priority: cmd.Priority, MatterID: journal.CanonicalID(cmd.MatterID), ContactID: journal.CanonicalID(cmd.ContactID)}
	p, err := journal.RegisterOn(ctx, &h.work.journal, cmd.Actor, taskStream(id), h.work.taskLoader(id),
		func(t *domainwork.Task, _ time.Time) ([]domain.Event, error) { return t.Create(id, in) })
	return workResult(id, p, err)
}
