package work

import "github.com/klient-crm/klient/domain"

// Task is the aggregate of one task; its zero value is the state before
// the first event. Its state changes only through Apply; its decision
// methods (Create, Reassign, Complete, …) check the rules and return the
// events that would record the change. No events and no error means the
// task already is as asked.
type Task struct {
	created  TaskCreated // as created, to tell a retry from a clash
	text     TaskText
	assignee Assignee
	due      Date
	priority Priority
	status   TaskStatus
	erased   bool // the text's key is gone
	// textSubject is the key sealing the current text; redactions counts
	// the keys it replaced.
	textSubject string
	redactions  int
	retired     []string
	applied     uint64
}

// Exists reports whether the task has been created.
func (t *Task) Exists() bool { return t.applied > 0 }

// Version is the stream version of the last applied event (meaningful only
// when Exists).
func (t *Task) Version() uint64 { return t.applied - 1 }

// ID is the task's ID.
func (t *Task) ID() string { return t.created.TaskID }

// Subject is whose key seals the task's text.
func (t *Task) Subject() string { return t.created.Subject }

// TextSubject is whose key seals the task's current text.
func (t *Task) TextSubject() string { return t.textSubject }

// RetiredKeys are the entry keys the task's redactions replaced: a
// redaction destroys them (again, harmlessly) once it is stored.
func (t *Task) RetiredKeys() []string { return t.retired }

// Text is the task's title and description (zero once erased).
func (t *Task) Text() TaskText { return t.text }

// Assignee, Due, Priority and Status are the task's current facts.
func (t *Task) Assignee() Assignee { return t.assignee }
func (t *Task) Due() Date          { return t.due }
func (t *Task) Priority() Priority { return t.priority }
func (t *Task) Status() TaskStatus { return t.status }
func (t *Task) MatterID() string   { return t.created.MatterID }
func (t *Task) ContactID() string  { return t.created.ContactID }
func (t *Task) Erased() bool       { return t.erased }

// Apply evolves the task by one of its events, in stream order. It never
// fails; an event of another kind still counts (it holds a place in the
// stream).
func (t *Task) Apply(ev domain.Event) {
	t.applied++
	switch e := ev.(type) {
	case TaskCreated:
		t.created, t.text, t.assignee, t.due, t.priority, t.status = e, e.Text, e.Assignee, e.Due, e.Priority, TaskStatusOpen
		t.textSubject, t.erased = e.TextSubject, false
	case TaskReassigned:
		t.assignee = e.Assignee
	case TaskRescheduled:
		t.due = e.Due
	case TaskDetailsChanged:
		t.text, t.priority, t.erased = e.Text, e.Priority, false
	case TaskTextRedacted:
		t.text, t.textSubject, t.redactions, t.erased = e.Text, e.TextSubject, t.redactions+1, false
		t.retired = append(t.retired, e.Replaced)
	case TaskStarted:
		t.status = TaskStatusInProgress
	case TaskCompleted:
		t.status = TaskStatusDone
	case TaskReopened:
		t.status = TaskStatusOpen
	case TaskCancelled:
		t.status = TaskStatusCancelled
	}
}

// ApplyErased applies an event whose text could not be opened because the
// key was shredded. The task keeps its status and dates and may still be
// completed; until a later text event (a redaction's, under a new key) its
// text can no longer be changed.
func (t *Task) ApplyErased(ev domain.Event) {
	t.Apply(ev)
	t.erased = true
}
