package work

import (
	"context"
	contactcmd "github.com/klient-crm/klient/commands/contact"
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

// Handle checks the assignee with the roster and that the contact the task
// is about exists (as the actor may know of it: a walled contact is one
// that does not exist), then lets the task decide. Resent with the same
// TaskID and facts it returns the first result and writes nothing. The
// linked matter is not looked up here: the edge shows tasks only on
// matters the member may see.
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
	if err := h.work.checkContact(ctx, cmd.Actor, cmd.ContactID); err != nil {
		return WorkResult{}, err
	}
	in := domainwork.NewTask{Title: cmd.Title, Description: cmd.Description, Assignee: assignee, Due: cmd.Due,
		Priority: cmd.Priority, MatterID: journal.CanonicalID(cmd.MatterID), ContactID: journal.CanonicalID(cmd.ContactID)}
	p, err := journal.RegisterOn(ctx, &h.work.journal, cmd.Actor, taskStream(id), h.work.taskLoader(id),
		func(t *domainwork.Task, _ time.Time) ([]domain.Event, error) { return t.Create(id, in) })
	return workResult(id, p, err)
}

// checkContact refuses a task about a contact that does not exist, was
// erased, or that the actor may not know of (answered as not existing).
func (w *Work) checkContact(ctx context.Context, actor journal.Actor, id string) error {
	if id == "" {
		return nil
	}
	if !domain.ValidID(id) {
		return domain.Invalid("contact_id", "this is not a contact ID").WithCode("work.task.contact_not_found")
	}
	return contactcmd.Linkable(ctx, &w.journal, actor, journal.CanonicalID(id), "contact_id", "work.task.contact_not_found",
		"work.task.contact_erased")
}
