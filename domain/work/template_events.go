package work

import "github.com/klient-crm/klient/domain/access"

// Event type strings are stored forever: never rename them.
const (
	TypeWorkflowTemplateDefined = "work.WorkflowTemplateDefined"
	TypeWorkflowTemplateChanged = "work.WorkflowTemplateChanged"
)

// TemplateTask is one task a workflow template creates. Its title is the
// firm's generic wording ("Skicka uppdragsbekräftelse"), not personal data;
// the task it creates seals its copy with the matter's key.
type TemplateTask struct {
	Key       string           `json:"key"` // stable within the template: it makes the task's ID
	Title     string           `json:"title"`
	DueInDays int              `json:"due_in_days"` // after the matter is opened
	Assignee  TemplateAssignee `json:"assignee"`
	Priority  Priority         `json:"priority"`
}

// TemplateAssignee is a role on the matter (the person who holds it there,
// say its responsible lawyer) or a team.
type TemplateAssignee struct {
	Role access.Role `json:"role,omitempty"`
	Team string      `json:"team,omitempty"`
}

// TemplateDeadline is one deadline a workflow template sets.
type TemplateDeadline struct {
	Key         string       `json:"key"`
	Title       string       `json:"title"`
	Kind        DeadlineKind `json:"kind"`
	DueInDays   int          `json:"due_in_days"`
	Reminders   []int        `json:"reminders"`
	Responsible access.Role  `json:"responsible"` // whoever holds this role on the matter
}

// Template is a workflow template's content.
type Template struct {
	PracticeArea string             `json:"practice_area"`
	Tasks        []TemplateTask     `json:"tasks,omitempty"`
	Deadlines    []TemplateDeadline `json:"deadlines,omitempty"`
}

// WorkflowTemplateDefined: a practice area got its workflow template.
type WorkflowTemplateDefined struct {
	Template
}

// WorkflowTemplateChanged carries the template's complete new content;
// matters opened earlier keep what they got.
type WorkflowTemplateChanged struct {
	Template
}

func (WorkflowTemplateDefined) EventType() string  { return TypeWorkflowTemplateDefined }
func (WorkflowTemplateChanged) EventType() string  { return TypeWorkflowTemplateChanged }
func (WorkflowTemplateDefined) SchemaVersion() int { return 1 }
func (WorkflowTemplateChanged) SchemaVersion() int { return 1 }

// TemplateStreamName is the event stream of one practice area's template.
func TemplateStreamName(practiceArea string) string { return "workflow-template-" + practiceArea }
