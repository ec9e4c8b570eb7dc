package work

import (
	"time"

	"github.com/klient-crm/klient/domain"
)

// TimeOfDay is a wall-clock time in Stockholm, "HH:MM", as a court date's
// hour; "" means none (an all-day deadline).
type TimeOfDay string

// ParseTimeOfDay reads "HH:MM" (or "" for none).
func ParseTimeOfDay(field, s string) (TimeOfDay, error) {
	if s == "" {
		return "", nil
	}
	t, err := time.Parse("15:04", s)
	if err != nil {
		return "", domain.Invalid(field, "this is not a time of day (HH:MM)").WithCode("work.time.invalid")
	}
	return TimeOfDay(t.Format("15:04")), nil
}

// Exists refuses a time of day the clock in Stockholm skips on date d:
// 02:00–02:59 on the last Sunday of March, when summer time begins. Such a
// time would be stored as written and shown an hour later (time.Date moves
// it on), so the calendar feed and the page would disagree. The hour that
// happens twice in October is taken: it is a time, if an ambiguous one.
func (t TimeOfDay) Exists(field string, d Date) error {
	if !t.IsSet() || t.On(d).Format("15:04") == string(t) {
		return nil
	}
	return domain.Invalid(field, "the clock skips this time on this date: summer time begins").WithCode("work.time.skipped")
}

// IsSet reports a time of day, as opposed to an all-day date.
func (t TimeOfDay) IsSet() bool { return t != "" }

// Clock returns the hour and minute (0, 0 when unset).
func (t TimeOfDay) Clock() (hour, minute int) {
	p, err := time.Parse("15:04", string(t))
	if err != nil {
		return 0, 0
	}
	return p.Hour(), p.Minute()
}

// On is the instant of t on date d in Stockholm (midnight when unset).
func (t TimeOfDay) On(d Date) time.Time {
	h, m := t.Clock()
	return d.At(h, m)
}
