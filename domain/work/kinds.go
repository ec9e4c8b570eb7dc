package work

import (
	"slices"

	"github.com/klient-crm/klient/domain"
)

// Priority is how urgent a task is.
type Priority string

// The priorities, least urgent first.
const (
	PriorityLow    Priority = "low"
	PriorityNormal Priority = "normal"
	PriorityHigh   Priority = "high"
	PriorityUrgent Priority = "urgent"
)

// Priorities lists every priority, least urgent first.
var Priorities = []Priority{PriorityLow, PriorityNormal, PriorityHigh, PriorityUrgent}

// ParsePriority accepts a priority's name; "" is normal.
func ParsePriority(field, s string) (Priority, error) {
	if s == "" {
		return PriorityNormal, nil
	}
	if p := Priority(s); slices.Contains(Priorities, p) {
		return p, nil
	}
	return "", invalid(field, "work.priority.unknown", "there is no such priority")
}

// TaskStatus is where a task stands.
type TaskStatus string

// The statuses of a task; done and cancelled close it.
const (
	TaskStatusOpen       TaskStatus = "open"
	TaskStatusInProgress TaskStatus = "in_progress"
	TaskStatusDone       TaskStatus = "done"
	TaskStatusCancelled  TaskStatus = "cancelled"
)

// Closed reports a task that is done or cancelled.
func (s TaskStatus) Closed() bool { return s == TaskStatusDone || s == TaskStatusCancelled }

// DeadlineKind says what sort of legal deadline it is.
type DeadlineKind string

// The kinds of deadline.
const (
	KindCourtDate        DeadlineKind = "court_date"
	KindAppealDeadline   DeadlineKind = "appeal_deadline"
	KindLimitationPeriod DeadlineKind = "limitation_period"
	KindFiling           DeadlineKind = "filing"
	KindOther            DeadlineKind = "other"
)

// DeadlineKinds lists every kind, in the order the UI shows them.
var DeadlineKinds = []DeadlineKind{KindCourtDate, KindAppealDeadline, KindLimitationPeriod, KindFiling, KindOther}

// ParseDeadlineKind accepts a kind's name.
func ParseDeadlineKind(field, s string) (DeadlineKind, error) {
	if k := DeadlineKind(s); slices.Contains(DeadlineKinds, k) {
		return k, nil
	}
	return "", invalid(field, "work.deadline.kind.unknown", "there is no such kind of deadline")
}

// ConcernsClientByDefault says whether a deadline of kind concerns the
// matter's clients when whoever sets it does not say: a court date, an
// appeal deadline and a limitation period are the client's to act on or
// attend (they are reminded, when the matter's automatic reminders are
// on); a filing and anything else are the firm's own work (they are
// not). docs/architecture.md, "Automatic messages".
func ConcernsClientByDefault(kind DeadlineKind) bool {
	return kind == KindCourtDate || kind == KindAppealDeadline || kind == KindLimitationPeriod
}

// DeadlineStatus is where a deadline stands. A pending deadline whose date
// has passed shows as missed; that is a view of time, not a state.
type DeadlineStatus string

// The statuses of a deadline.
const (
	DeadlineStatusPending   DeadlineStatus = "pending"
	DeadlineStatusMet       DeadlineStatus = "met"
	DeadlineStatusCancelled DeadlineStatus = "cancelled"
)

// invalid is domain.Invalid with its catalogue code, for short call sites.
func invalid(field, code, message string) *domain.Error {
	return domain.Invalid(field, "%s", message).WithCode(code)
}
