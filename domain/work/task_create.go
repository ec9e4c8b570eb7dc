package work

import "github.com/klient-crm/klient/domain"

// NewTask is a task as a form or a template states it, before the rules.
type NewTask struct {
	Title       string
	Description string
	Assignee    Assignee
	Due         string // "YYYY-MM-DD"
	Priority    string // "" is normal
	MatterID    string // optional
	ContactID   string // optional
	Origin      string // the template item that creates it; "" for a person's
}

// Create decides to create a task under id, which the caller chose.
// Creating it again under the same ID with the same facts decides nothing:
// it is a retry. Whether the assignee exists is for the caller to check.
func (t *Task) Create(id string, in NewTask) ([]domain.Event, error) {
	e, err := newTaskCreated(id, in)
	if err != nil {
		return nil, err
	}
	if !t.Exists() {
		return []domain.Event{e}, nil
	}
	if t.erased {
		return nil, erasedTask()
	}
	if t.created != e {
		return nil, domain.Conflict("another task is already created under this ID").WithCode("work.task.id.taken")
	}
	return nil, nil
}

// newTaskCreated checks every field of in and reports every problem at once.
func newTaskCreated(id string, in NewTask) (TaskCreated, error) {
	title, titleErr := cleanTitle("title", in.Title)
	description, descErr := cleanDescription("description", in.Description)
	assignee, assigneeErr := NormaliseAssignee("assignee", in.Assignee)
	due, dueErr := ParseDate("due", in.Due)
	priority, priorityErr := ParsePriority("priority", in.Priority)
	subject := textSubject(id, in.MatterID, in.ContactID)
	e := TaskCreated{
		TaskID: id, Subject: subject, TextSubject: taskTextKey(subject, id, 0),
		Text: TaskText{Title: title, Description: description}, Assignee: assignee,
		Due: due, Priority: priority, MatterID: in.MatterID, ContactID: in.ContactID, Origin: in.Origin,
	}
	return e, domain.JoinProblems(checkID("task_id", "task", id), titleErr, descErr, assigneeErr, dueErr, priorityErr,
		checkLink("matter_id", in.MatterID), checkLink("contact_id", in.ContactID))
}

// changeable is the first check of every decision on an existing task.
func (t *Task) changeable() error {
	if !t.Exists() {
		return domain.NotFound("there is no such task").WithCode("work.task.not_found")
	}
	return nil
}

// open is changeable for decisions that a closed task refuses.
func (t *Task) open() error {
	if err := t.changeable(); err != nil {
		return err
	}
	if t.status.Closed() {
		return invalid("", "work.task.closed", "this task is closed: reopen it first")
	}
	return nil
}

func erasedTask() error {
	return domain.Erased("this task's text has been erased").WithCode("work.task.erased")
}
