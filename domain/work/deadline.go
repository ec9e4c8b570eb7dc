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
func (d *Deadline) Title() string       { return d.set.Title }
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
		d.concerns = ConcernsClient(e)
	case DeadlineConcernChanged:
		d.concerns = e.ConcernsClient
	case DeadlineMoved:
		d.date, d.at, d.reminders = e.Date, e.Time, e.Reminders
	case DeadlineMet:
		d.status = DeadlineStatusMet
	case DeadlineCancelled:
		d.status = DeadlineStatusCancelled
	case ReminderRaised:
		if d.raised == nil {
			d.raised = map[int]time.Time{}
		}
		d.raised[e.ReminderIndex] = e.DueAt
	}
}

// ApplyErased applies an event whose title could not be opened because
// the matter's key was shredded; the deadline keeps working without it.
func (d *Deadline) ApplyErased(ev domain.Event) {
	d.erased = true
	d.Apply(ev)
}

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
