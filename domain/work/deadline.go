package work

import (
	"slices"
	"time"

	"github.com/klient-crm/klient/domain"
)

// Deadline is the aggregate of one legal deadline; its zero value is the
// state before the first event. Set, Move, Meet, Cancel and RaiseReminder
// decide; Apply evolves.
type Deadline struct {
	set       DeadlineSet // as set, to tell a retry from a clash
	date      Date
	at        TimeOfDay
	reminders []int
	raised    map[int]time.Time // reminder index → the due time it was raised for
	status    DeadlineStatus
	concerns  bool // the matter's clients are reminded of it
	erased    bool
	applied   uint64

	title      string   // as set, or as last redacted
	textKey    string   // whose key seals the title and reasons now
	redactions int      // how many times the text was redacted
	reasons    []uint64 // the stream versions of the events that gave a reason, oldest first
	retired    []string // the keys the redactions replaced
}

// Exists reports whether the deadline has been set.
func (d *Deadline) Exists() bool { return d.applied > 0 }

// Version is the stream version of the last applied event (meaningful only
// when Exists).
func (d *Deadline) Version() uint64 { return d.applied - 1 }

// ID, MatterID, Title, Kind and Responsible are as set (Title is "" once
// erased).
func (d *Deadline) ID() string          { return d.set.DeadlineID }
func (d *Deadline) MatterID() string    { return d.set.MatterID }
func (d *Deadline) Title() string       { return d.title }
func (d *Deadline) Kind() DeadlineKind  { return d.set.Kind }
func (d *Deadline) Responsible() string { return d.set.Responsible }

// Date, Time, Reminders and Status are the deadline's current facts.
func (d *Deadline) Date() Date             { return d.date }
func (d *Deadline) Time() TimeOfDay        { return d.at }
func (d *Deadline) Reminders() []int       { return slices.Clone(d.reminders) }
func (d *Deadline) Status() DeadlineStatus { return d.status }

// ConcernsClient reports whether the matter's clients are reminded of
// the deadline.
func (d *Deadline) ConcernsClient() bool { return d.concerns }

// ConcernsClient is what a DeadlineSet says of the client: its flag, or
// for an event from before the flag its kind's default.
func ConcernsClient(e DeadlineSet) bool {
	if e.ConcernsClient != nil {
		return *e.ConcernsClient
	}
	return ConcernsClientByDefault(e.Kind)
}

// Apply evolves the deadline by one of its events, in stream order; it
// never fails, and an event of another kind only counts.
func (d *Deadline) Apply(ev domain.Event) {
	d.applied++
	switch e := ev.(type) {
	case DeadlineSet:
		d.set, d.date, d.at, d.reminders, d.status = e, e.Date, e.Time, e.Reminders, DeadlineStatusPending
		d.title, d.textKey = e.Title, e.TextSubject
		d.concerns = ConcernsClient(e)
	case DeadlineConcernChanged:
		d.concerns = e.ConcernsClient
	case DeadlineMoved:
		d.date, d.at, d.reminders = e.Date, e.Time, e.Reminders
		d.gaveReason(e.Reason)
	case DeadlineMet:
		d.status = DeadlineStatusMet
	case DeadlineCancelled:
		d.status = DeadlineStatusCancelled
		d.gaveReason(e.Reason)
	case DeadlineTextRedacted:
		// The events before it replay with their text blank (their key
		// is destroyed): the reasons they gave are the redaction's.
		d.title, d.textKey, d.redactions, d.erased = e.Text.Title, e.TextSubject, d.redactions+1, false
		d.reasons = slices.Clone(e.Versions)
		d.retired = append(d.retired, e.Replaced)
	case ReminderRaised:
		if d.raised == nil {
			d.raised = map[int]time.Time{}
		}
		d.raised[e.ReminderIndex] = e.DueAt
	}
}

// gaveReason counts a reason given by the event just applied.
func (d *Deadline) gaveReason(reason string) {
	if reason != "" {
		d.reasons = append(d.reasons, d.Version())
	}
}

// ApplyErased applies an event whose text could not be opened because its
// key was shredded (the matter's file erased, or a redaction since); the
// deadline keeps working without it. A later redaction's text opens again.
func (d *Deadline) ApplyErased(ev domain.Event) {
	d.Apply(ev)
	d.erased = true
}

// RetiredKeys are the entry keys the deadline's redactions replaced: each
// is to be destroyed (again, after a crash between the event and the
// destruction).
func (d *Deadline) RetiredKeys() []string { return d.retired }

// ReminderDue is when reminder index falls due now.
func (d *Deadline) ReminderDue(index int) time.Time {
	return ReminderDue(d.date, d.at, d.reminders[index])
}

// Raised reports whether reminder index has been raised for its current
// due time (a move re-arms the reminders whose due time changed).
func (d *Deadline) Raised(index int) bool {
	at, ok := d.raised[index]
	return ok && at.Equal(d.ReminderDue(index))
}

// DueReminders lists the indexes of the reminders due at now and not yet
// raised; a deadline that is met or cancelled has none.
func (d *Deadline) DueReminders(now time.Time) []int {
	var out []int
	for i := range d.reminders {
		if d.status == DeadlineStatusPending && !d.ReminderDue(i).After(now) && !d.Raised(i) {
			out = append(out, i)
		}
	}
	return out
}
