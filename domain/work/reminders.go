package work

import (
	"fmt"
	"slices"
	"time"
)

// Reminder limits: a reminder falls 0..MaxReminderDays days before its
// deadline, and a deadline has 1..MaxReminders of them.
const (
	MaxReminderDays = 365
	MaxReminders    = 10
)

// ReminderHour is the hour of the day, in Stockholm, when reminders fall due.
const ReminderHour = 8

// ReminderDue is when the reminder daysBefore days before a deadline on
// date (at time of day at, if set) falls due: 08:00 Stockholm time on that
// day, but never after a timed deadline itself (a 07:30 hearing is
// reminded at 07:30 on the day). The instant is in UTC.
func ReminderDue(date Date, at TimeOfDay, daysBefore int) time.Time {
	due := date.AddDays(-daysBefore).At(ReminderHour, 0)
	if at.IsSet() && at.On(date).Before(due) {
		due = at.On(date)
	}
	return due.UTC()
}

// NormaliseReminders checks a list of "days before" and returns it sorted
// with the most days first, so that index 0 is the earliest reminder and
// the same set is always stored the same way.
func NormaliseReminders(field string, days []int) ([]int, error) {
	switch {
	case len(days) == 0:
		return nil, invalid(field, "work.reminders.required", "choose at least one reminder")
	case len(days) > MaxReminders:
		return nil, invalid(field, "work.reminders.too_many", fmt.Sprintf("at most %d reminders", MaxReminders))
	}
	for i, d := range days {
		item := fmt.Sprintf("%s[%d]", field, i)
		if d < 0 || d > MaxReminderDays {
			return nil, invalid(item, "work.reminders.range", fmt.Sprintf("a reminder is 0 to %d days before", MaxReminderDays))
		}
		if slices.Contains(days[:i], d) {
			return nil, invalid(item, "work.reminders.duplicate", "this reminder is listed twice")
		}
	}
	out := slices.Clone(days)
	slices.Sort(out)
	slices.Reverse(out)
	return out, nil
}
