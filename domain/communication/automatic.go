package communication

import (
	"time"

	"github.com/klient-crm/klient/domain"
)

// TypeAutomaticMessagesSet is stored forever: never rename it.
const TypeAutomaticMessagesSet = "communication.AutomaticMessagesSet"

// AutomaticMessages are the messages Klient sends a matter's clients by
// itself once the responsible lawyer switches them on: a status report
// every StatusReportDays days, and a reminder ReminderDays days before
// each pending deadline of the matter. Zero switches one off. The
// settings hold no one's data: not sealed.
type AutomaticMessages struct {
	StatusReportDays int `json:"status_report_days"`
	ReminderDays     int `json:"reminder_days"`
}

// The bounds of the settings: a report at most weekly and at least
// yearly, a reminder up to two months ahead.
const (
	MinStatusReportDays = 7
	MaxStatusReportDays = 365
	MaxReminderDays     = 60
)

// AutomaticMessagesSet: the responsible lawyer changed a matter's
// automatic messages.
type AutomaticMessagesSet struct {
	MatterID string            `json:"matter_id"`
	Settings AutomaticMessages `json:"settings"`
	SetAt    time.Time         `json:"set_at"`
}

func (AutomaticMessagesSet) EventType() string  { return TypeAutomaticMessagesSet }
func (AutomaticMessagesSet) SchemaVersion() int { return 1 }

// AutomaticStreamName is the stream of one matter's automatic messages.
func AutomaticStreamName(matterID string) string { return "automail-" + matterID }

// Automatic is the aggregate of one matter's automatic messages.
type Automatic struct {
	settings AutomaticMessages
	applied  uint64
}

// Apply folds one event of the stream.
func (a *Automatic) Apply(ev domain.Event, _ bool) {
	if e, ok := ev.(AutomaticMessagesSet); ok {
		a.settings = e.Settings
	}
	a.applied++
}

// Exists reports whether settings were ever saved.
func (a *Automatic) Exists() bool { return a.applied > 0 }

// Version is the stream version of the last event (when Exists).
func (a *Automatic) Version() uint64 { return a.applied - 1 }

// Settings are the current settings (all off before the first save).
func (a *Automatic) Settings() AutomaticMessages { return a.settings }

// Set decides new settings for matterID: each within its bounds or
// zero; the same settings again decide nothing.
func (a *Automatic) Set(matterID string, s AutomaticMessages, now time.Time) ([]domain.Event, error) {
	var p domain.Problems
	if s.StatusReportDays != 0 && (s.StatusReportDays < MinStatusReportDays || s.StatusReportDays > MaxStatusReportDays) {
		p.Add(domain.Invalid("status_report_days", "a status report goes every %d to %d days, or never", MinStatusReportDays, MaxStatusReportDays).
			WithCode("automail.report_days.range"))
	}
	if s.ReminderDays < 0 || s.ReminderDays > MaxReminderDays {
		p.Add(domain.Invalid("reminder_days", "a reminder goes 1 to %d days before a deadline, or never", MaxReminderDays).
			WithCode("automail.reminder_days.range"))
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	if a.Exists() && a.settings == s {
		return nil, nil
	}
	return []domain.Event{AutomaticMessagesSet{MatterID: matterID, Settings: s, SetAt: now}}, nil
}
