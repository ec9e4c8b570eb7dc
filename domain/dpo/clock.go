package dpo

import "time"

// NotificationWindow is how long art. 33.1 gives the controller to notify
// IMY: "not later than 72 hours after having become aware of it". Hours,
// not working days: the clock runs through nights and weekends.
const NotificationWindow = 72 * time.Hour

// SupplementWindow is how long IMY asks for the supplements of a
// notification made in phases (art. 33.4): four weeks after it.
const SupplementWindow = 4 * 7 * 24 * time.Hour

// Clock is a breach's 72-hour clock: it runs from discovery until the
// firm has notified IMY or decided, with a reason, that it need not.
type Clock struct {
	Deadline time.Time // discovery + 72 hours
	// StoppedAt is when the clock stopped (the notification, or the
	// decision not to notify); zero while it runs.
	StoppedAt time.Time
}

// ClockFrom is the clock of a breach discovered at discoveredAt.
func ClockFrom(discoveredAt time.Time) Clock {
	return Clock{Deadline: discoveredAt.Add(NotificationWindow)}
}

// Running reports that the firm has neither notified nor decided.
func (c Clock) Running() bool { return c.StoppedAt.IsZero() }

// Left is the time left at now: negative once the deadline has passed, and
// frozen at the moment the clock stopped.
func (c Clock) Left(now time.Time) time.Duration {
	if !c.Running() {
		now = c.StoppedAt
	}
	return c.Deadline.Sub(now)
}

// HoursLeft is Left in whole hours, rounded towards the deadline's side a
// person should fear: 1 h 59 min left is "1 hour", and 10 minutes late is
// "-1" (overdue), never "0".
func (c Clock) HoursLeft(now time.Time) int {
	left := c.Left(now)
	h := int(left / time.Hour)
	if left < 0 && left%time.Hour != 0 {
		h--
	}
	return h
}

// Overdue reports a clock past its deadline at now (or at the moment it
// stopped): a notification at the deadline itself is in time.
func (c Clock) Overdue(now time.Time) bool { return c.Left(now) < 0 }
