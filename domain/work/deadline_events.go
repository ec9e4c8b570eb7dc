package work

import "time"

// Event type strings are stored forever: never rename them.
const (
	TypeDeadlineSet       = "work.DeadlineSet"
	TypeDeadlineMoved     = "work.DeadlineMoved"
	TypeDeadlineMet       = "work.DeadlineMet"
	TypeDeadlineCancelled = "work.DeadlineCancelled"
	TypeReminderRaised    = "work.ReminderRaised"
	TypeDeadlineConcern   = "work.DeadlineConcernChanged"
)

// DeadlineSet: a legal deadline was set on a matter. Its title is sealed
// with the matter's key (Subject "matter-<id>"). Reminders are days before
// the date, earliest reminder first (most days first); a reminder's index
// is its place in this list.
type DeadlineSet struct {
	DeadlineID  string       `json:"deadline_id"`
	MatterID    string       `json:"matter_id"`
	Subject     string       `json:"subject"`
	Title       string       `json:"title" personal:"Subject"`
	Kind        DeadlineKind `json:"kind"`
	Date        Date         `json:"date"`
	Time        TimeOfDay    `json:"time,omitempty"` // "" is all day
	Responsible string       `json:"responsible"`    // staff ID
	Reminders   []int        `json:"reminders"`
	Origin      string       `json:"origin,omitempty"` // the template item that set it
	// ConcernsClient says whether the matter's clients are reminded of it
	// (internal/automail). Set on every deadline since issue 15; nil on
	// the events before it, which take their kind's default
	// (ConcernsClientByDefault).
	ConcernsClient *bool `json:"concerns_client,omitempty"`
}

// DeadlineMoved carries the deadline's new date, time and reminders. A
// reminder whose due time changes is due again at its new time. Reason
// (why it moved: a court's new date, an extension granted) is sealed with
// the matter's key like the title; events before it have neither.
type DeadlineMoved struct {
	DeadlineID string    `json:"deadline_id"`
	Date       Date      `json:"date"`
	Time       TimeOfDay `json:"time,omitempty"`
	Reminders  []int     `json:"reminders"`
	Subject    string    `json:"subject,omitempty"`
	Reason     string    `json:"reason,omitempty" personal:"Subject"`
}

// DeadlineMet: what the deadline asked for was done in time.
type DeadlineMet struct {
	DeadlineID string `json:"deadline_id"`
}

// DeadlineCancelled: the deadline no longer applies (the case settled, …);
// Reason says why, sealed as DeadlineMoved's.
type DeadlineCancelled struct {
	DeadlineID string `json:"deadline_id"`
	Subject    string `json:"subject,omitempty"`
	Reason     string `json:"reason,omitempty" personal:"Subject"`
}

// DeadlineConcernChanged: whether the deadline concerns the matter's
// clients — and so whether they are reminded of it — was changed on a
// pending deadline. No personal data: an ID and a yes or no.
type DeadlineConcernChanged struct {
	DeadlineID     string `json:"deadline_id"`
	ConcernsClient bool   `json:"concerns_client"`
}

// ReminderRaised: reminder ReminderIndex, due at DueAt, was raised. It is
// appended exactly once per index and due time, whatever the number of
// reminder engines running.
type ReminderRaised struct {
	DeadlineID    string    `json:"deadline_id"`
	ReminderIndex int       `json:"reminder_index"`
	DaysBefore    int       `json:"days_before"`
	DueAt         time.Time `json:"due_at"`
}

func (DeadlineSet) EventType() string            { return TypeDeadlineSet }
func (DeadlineMoved) EventType() string          { return TypeDeadlineMoved }
func (DeadlineMet) EventType() string            { return TypeDeadlineMet }
func (DeadlineCancelled) EventType() string      { return TypeDeadlineCancelled }
func (ReminderRaised) EventType() string         { return TypeReminderRaised }
func (DeadlineConcernChanged) EventType() string { return TypeDeadlineConcern }

func (DeadlineSet) SchemaVersion() int            { return 1 }
func (DeadlineMoved) SchemaVersion() int          { return 1 }
func (DeadlineMet) SchemaVersion() int            { return 1 }
func (DeadlineCancelled) SchemaVersion() int      { return 1 }
func (ReminderRaised) SchemaVersion() int         { return 1 }
func (DeadlineConcernChanged) SchemaVersion() int { return 1 }

// DeadlineStreamName is the event stream of one deadline.
func DeadlineStreamName(deadlineID string) string { return "deadline-" + deadlineID }
