package work

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
)

// TaskText is a task's free text: sealed as one field with the key of the
// task's Subject (see the package doc).
type TaskText struct {
	Title       string `json:"title"`
	Description string `json:"description,omitempty"`
}

// TaskCreated: a task was created. Subject is whose key seals Text: the
// matter's ("matter-<id>"), the contact's, or the task's own ("task-<id>").
// Origin names the workflow-template item that created it, if one did.
type TaskCreated struct {
	TaskID    string   `json:"task_id"`
	Subject   string   `json:"subject"`
	Text      TaskText `json:"text" personal:"Subject"`
	Assignee  Assignee `json:"assignee"`
	Due       Date     `json:"due"`
	Priority  Priority `json:"priority"`
	MatterID  string   `json:"matter_id,omitempty"`
	ContactID string   `json:"contact_id,omitempty"`
	Origin    string   `json:"origin,omitempty"`
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
// sealed with the same subject as at creation.
type TaskDetailsChanged struct {
	TaskID   string   `json:"task_id"`
	Subject  string   `json:"subject"`
	Text     TaskText `json:"text" personal:"Subject"`
	Priority Priority `json:"priority"`
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

func (TaskCreated) SchemaVersion() int        { return 1 }
func (TaskReassigned) SchemaVersion() int     { return 1 }
func (TaskRescheduled) SchemaVersion() int    { return 1 }
func (TaskDetailsChanged) SchemaVersion() int { return 1 }
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

// textSubject is whose key seals a new task's text (see the package doc).
func textSubject(taskID, matterID, contactID string) string {
	switch {
	case matterID != "":
		return MatterSubject(matterID)
	case contactID != "":
		return contactID
	}
	return TaskSubject(taskID)
}
