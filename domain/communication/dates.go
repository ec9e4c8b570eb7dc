package communication

import (
	"time"

	"github.com/klient-crm/klient/domain"
)

// earliest is the first instant an entry or follow-up may name; the latest
// is five years after now. Anything outside is a typing mistake.
var earliest = time.Date(1900, time.January, 1, 0, 0, 0, 0, time.UTC)

const yearsAhead = 5

// cleanInstant checks t is within the sensible range and returns it in
// UTC, to the second: a resent form then compares equal.
func cleanInstant(field string, t, now time.Time) (time.Time, error) {
	if t.IsZero() {
		return time.Time{}, domain.Invalid(field, "this field is required").WithCode("communication.date.required")
	}
	t = t.UTC().Truncate(time.Second)
	if t.Before(earliest) || t.After(now.AddDate(yearsAhead, 0, 0)) {
		return time.Time{}, domain.Invalid(field, "give a date between 1900 and five years from now").WithCode("communication.date.range")
	}
	return t, nil
}

// DateLayout is how a civil date is written: 2026-03-15.
const DateLayout = time.DateOnly

// cleanDate checks a civil date (YYYY-MM-DD) within the sensible range.
func cleanDate(field, s string, now time.Time) (string, error) {
	if s == "" {
		return "", domain.Invalid(field, "this field is required").WithCode("communication.date.required")
	}
	d, err := time.Parse(DateLayout, s)
	if err != nil {
		return "", domain.Invalid(field, "a date is written YYYY-MM-DD").WithCode("communication.date.format")
	}
	if _, err := cleanInstant(field, d, now); err != nil {
		return "", err
	}
	return d.Format(DateLayout), nil
}
