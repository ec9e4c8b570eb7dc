package work

import (
	"fmt"

	"github.com/klient-crm/klient/domain"
)

// Event type strings are stored forever: never rename them.
const (
	TypeTaskCreated        = "work.TaskCreated"
	TypeTaskReassigned     = "work.TaskReassigned"
	TypeTaskRescheduled    = "work.TaskRescheduled"
	TypeTaskDetailsChanged = "work.TaskDetailsChanged"
	TypeTaskStarted        = "work.TaskStarted"
	TypeTaskCompleted      = "work.TaskCompleted"
	TypeTaskReopened       = "work.TaskReopened"
	TypeTaskCancelled      = "work.TaskCancelled"
	TypeTaskTextRedacted   = "work.TaskTextRedacted"
)

// TaskText is a task's free text: sealed as one field with the key of the
// task's Subject (see the package doc).
type TaskText struct {
	Title       string `json:"title"`
	Description string `json:"description,omitempty"`
}

// TaskCreated: a task was created. Subject is whom it is about: the
// matter ("matter-<id>"), the contact, or the task itself ("task-<id>");
// TextSubject is the entry key owned by Subject that seals Text
// (domain.EntryKey), so that one task's text can be redacted. Version 1
// sealed Text with Subject's key: its upcast names that key as
// TextSubject. Origin names the workflow-template item that created it,
// if one did.
type TaskCreated struct {
	TaskID      string   `json:"task_id"`
	Subject     string   `json:"subject"`
	TextSubject string   `json:"text_subject"`
	Text        TaskText `json:"text" personal:"TextSubject"`
	Assignee    Assignee `json:"assignee"`
	Due         Date     `json:"due"`
	Priority    Priority `json:"priority"`
	MatterID    string   `json:"matter_id,omitempty"`
	ContactID   string   `json:"contact_id,omitempty"`
	Origin      string   `json:"origin,omitempty"`
}

// TaskReassigned: the task is now for someone else.
type TaskReassigned struct {
	TaskID   string   `json:"task_id"`
	Assignee Assignee `json:"assignee"`
}

// TaskRescheduled: the task is now due on another date.
type TaskRescheduled struct {
	TaskID string `json:"task_id"`
	Due    Date   `json:"due"`
}

// TaskDetailsChanged carries the task's complete new text and priority,
// sealed with the task's current text key.
type TaskDetailsChanged struct {
	TaskID      string   `json:"task_id"`
	Subject     string   `json:"subject"`
	TextSubject string   `json:"text_subject"`
	Text        TaskText `json:"text" personal:"TextSubject"`
	Priority    Priority `json:"priority"`
}

// TaskTextRedacted: a mention of someone was taken out of the task's text
// (docs/gdpr.md, "Mentions in other matters"). Text is the whole corrected
// text under a new entry key, TextSubject; the key of Replaced, which
// sealed every earlier version, is destroyed right after. Who redacted and
// when are the event's metadata.
type TaskTextRedacted struct {
	TaskID      string   `json:"task_id"`
	Subject     string   `json:"subject"`
	TextSubject string   `json:"text_subject"`
	Replaced    string   `json:"replaced"`
	Text        TaskText `json:"text" personal:"TextSubject"`
}

// TaskStarted: someone is working on the task (status in_progress).
type TaskStarted struct {
	TaskID string `json:"task_id"`
}

// TaskCompleted: the task is done; when is the event's OccurredAt.
type TaskCompleted struct {
	TaskID string `json:"task_id"`
}

// TaskReopened: a done or cancelled task is open again.
type TaskReopened struct {
	TaskID string `json:"task_id"`
}

// TaskCancelled: the task will not be done.
type TaskCancelled struct {
	TaskID string `json:"task_id"`
}

func (TaskCreated) EventType() string        { return TypeTaskCreated }
func (TaskReassigned) EventType() string     { return TypeTaskReassigned }
func (TaskRescheduled) EventType() string    { return TypeTaskRescheduled }
func (TaskDetailsChanged) EventType() string { return TypeTaskDetailsChanged }
func (TaskStarted) EventType() string        { return TypeTaskStarted }
func (TaskCompleted) EventType() string      { return TypeTaskCompleted }
func (TaskReopened) EventType() string       { return TypeTaskReopened }
func (TaskCancelled) EventType() string      { return TypeTaskCancelled }
func (TaskTextRedacted) EventType() string   { return TypeTaskTextRedacted }

func (TaskCreated) SchemaVersion() int        { return 2 }
func (TaskReassigned) SchemaVersion() int     { return 1 }
func (TaskRescheduled) SchemaVersion() int    { return 1 }
func (TaskDetailsChanged) SchemaVersion() int { return 2 }
func (TaskTextRedacted) SchemaVersion() int   { return 1 }
func (TaskStarted) SchemaVersion() int        { return 1 }
func (TaskCompleted) SchemaVersion() int      { return 1 }
func (TaskReopened) SchemaVersion() int       { return 1 }
func (TaskCancelled) SchemaVersion() int      { return 1 }

// TaskStreamName is the event stream of one task.
func TaskStreamName(taskID string) string { return "task-" + taskID }

// MatterSubject is the data-subject ID whose key seals a matter's free
// text; domain/matter uses the same.
func MatterSubject(matterID string) string { return "matter-" + matterID }

// TaskSubject is the data-subject ID of an internal task's own key.
func TaskSubject(taskID string) string { return "task-" + taskID }

// TaskUpcasts lift the task events stored before entry keys: their text
// was sealed with Subject's key.
func TaskUpcasts() []domain.Upcast {
	return []domain.Upcast{
		{EventType: TypeTaskCreated, From: 1, Lift: domain.CopyField("subject", "text_subject")},
		{EventType: TypeTaskDetailsChanged, From: 1, Lift: domain.CopyField("subject", "text_subject")},
	}
}

// taskTextKey is the entry key of generation n of task id's text (0 at
// creation, n after the n-th redaction).
func taskTextKey(subject, id string, n int) string {
	if n == 0 {
		return domain.EntryKey(subject, "task-"+id)
	}
	return domain.EntryKey(subject, fmt.Sprintf("task-%s.%d", id, n))
}

// textSubject is whom a new task is about (see the package doc).
func textSubject(taskID, matterID, contactID string) string {
	switch {
	case matterID != "":
		return MatterSubject(matterID)
	case contactID != "":
		return contactID
	}
	return TaskSubject(taskID)
}
