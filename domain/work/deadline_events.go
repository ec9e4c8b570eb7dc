package work

import (
	"fmt"
	"time"

	"github.com/klient-crm/klient/domain"
)

// Event type strings are stored forever: never rename them.
const (
	TypeDeadlineSet          = "work.DeadlineSet"
	TypeDeadlineMoved        = "work.DeadlineMoved"
	TypeDeadlineMet          = "work.DeadlineMet"
	TypeDeadlineCancelled    = "work.DeadlineCancelled"
	TypeReminderRaised       = "work.ReminderRaised"
	TypeDeadlineTextRedacted = "work.DeadlineTextRedacted"
	TypeDeadlineConcern      = "work.DeadlineConcernChanged"
)

// DeadlineSet: a legal deadline was set on a matter, whose key (Subject
// "matter-<id>") owns the key of its title. Reminders are days before
// the date, earliest reminder first (most days first); a reminder's index
// is its place in this list.
//
// Version 2 seals Title with an entry key of the deadline's own,
// TextSubject ("matter-<id>/deadline-<id>", owned by the matter), so that a
// mention in it can be redacted alone; version 1 sealed it with the
// matter's key, which its upcast names as TextSubject.
type DeadlineSet struct {
	DeadlineID  string       `json:"deadline_id"`
	MatterID    string       `json:"matter_id"`
	Subject     string       `json:"subject"`
	TextSubject string       `json:"text_subject"`
	Title       string       `json:"title" personal:"TextSubject"`
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
// the key of the title at the time, TextSubject (version 1: the matter's,
// Subject); the first events of version 1 have neither.
type DeadlineMoved struct {
	DeadlineID  string    `json:"deadline_id"`
	Date        Date      `json:"date"`
	Time        TimeOfDay `json:"time,omitempty"`
	Reminders   []int     `json:"reminders"`
	Subject     string    `json:"subject,omitempty"`
	TextSubject string    `json:"text_subject,omitempty"`
	Reason      string    `json:"reason,omitempty" personal:"TextSubject"`
}

// DeadlineMet: what the deadline asked for was done in time.
type DeadlineMet struct {
	DeadlineID string `json:"deadline_id"`
}

// DeadlineCancelled: the deadline no longer applies (the case settled, …);
// Reason says why, sealed as DeadlineMoved's.
type DeadlineCancelled struct {
	DeadlineID  string `json:"deadline_id"`
	Subject     string `json:"subject,omitempty"`
	TextSubject string `json:"text_subject,omitempty"`
	Reason      string `json:"reason,omitempty" personal:"TextSubject"`
}

// DeadlineTextRedacted: a mention of someone was taken out of the
// deadline's title or the reasons it was moved or cancelled (docs/gdpr.md,
// "Mentions in other matters"). Text is the whole corrected text under a
// new entry key, TextSubject; the key of Replaced, which sealed every
// earlier version, is destroyed right after. Text.Reasons replace, in
// order, the reasons the deadline was given (Versions: the stream versions
// of the events that gave them), so the read model keeps each in its place.
type DeadlineTextRedacted struct {
	DeadlineID  string       `json:"deadline_id"`
	Subject     string       `json:"subject"`
	TextSubject string       `json:"text_subject"`
	Replaced    string       `json:"replaced"`
	Versions    []uint64     `json:"versions"`
	Text        DeadlineText `json:"text" personal:"TextSubject"`
}

// DeadlineText is a deadline's free text as a redaction restates it.
type DeadlineText struct {
	Title   string   `json:"title"`
	Reasons []string `json:"reasons"`
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
func (DeadlineTextRedacted) EventType() string   { return TypeDeadlineTextRedacted }
func (DeadlineConcernChanged) EventType() string { return TypeDeadlineConcern }

func (DeadlineSet) SchemaVersion() int            { return 2 }
func (DeadlineMoved) SchemaVersion() int          { return 2 }
func (DeadlineMet) SchemaVersion() int            { return 1 }
func (DeadlineCancelled) SchemaVersion() int      { return 2 }
func (ReminderRaised) SchemaVersion() int         { return 1 }
func (DeadlineTextRedacted) SchemaVersion() int   { return 1 }
func (DeadlineConcernChanged) SchemaVersion() int { return 1 }

// DeadlineUpcasts lift the deadline events stored before entry keys: their
// title and reasons were sealed with the matter's key (Subject).
func DeadlineUpcasts() []domain.Upcast {
	return []domain.Upcast{
		{EventType: TypeDeadlineSet, From: 1, Lift: domain.CopyField("subject", "text_subject")},
		{EventType: TypeDeadlineMoved, From: 1, Lift: domain.CopyField("subject", "text_subject")},
		{EventType: TypeDeadlineCancelled, From: 1, Lift: domain.CopyField("subject", "text_subject")},
	}
}

// deadlineTextKey is the entry key of generation n of deadline id's text
// (0 when set, n after the n-th redaction), owned by the matter: erasing
// the matter's file destroys it with the rest.
func deadlineTextKey(subject, id string, n int) string {
	if n == 0 {
		return domain.EntryKey(subject, "deadline-"+id)
	}
	return domain.EntryKey(subject, fmt.Sprintf("deadline-%s.%d", id, n))
}

// DeadlineStreamName is the event stream of one deadline.
func DeadlineStreamName(deadlineID string) string { return "deadline-" + deadlineID }
