package work

import (
	"encoding/json"
	"sync"
	"time"
	_ "time/tzdata" // Europe/Stockholm must resolve on a host without a zone database

	"github.com/klient-crm/klient/domain"
)

// Stockholm is the firm's time zone: every Date and TimeOfDay is read in it.
var Stockholm = sync.OnceValue(func() *time.Location {
	loc, err := time.LoadLocation("Europe/Stockholm")
	if err != nil {
		panic("work: Europe/Stockholm: " + err.Error()) // cannot happen: time/tzdata is embedded
	}
	return loc
})

// Date is a calendar date (no time, no zone) such as a task's due date. Its
// zero value is "no date". It travels as "YYYY-MM-DD".
type Date struct{ t time.Time } // midnight UTC of the date, so arithmetic ignores DST

const dateLayout = "2006-01-02"

// ParseDate reads "YYYY-MM-DD" and refuses dates the calendar lacks
// ("2026-02-30"); field names the input in the error.
func ParseDate(field, s string) (Date, error) {
	if s == "" {
		return Date{}, domain.Invalid(field, "choose a date").WithCode("work.date.required")
	}
	t, err := time.Parse(dateLayout, s)
	if err != nil {
		return Date{}, domain.Invalid(field, "this is not a date in the calendar (YYYY-MM-DD)").WithCode("work.date.invalid")
	}
	return Date{t: t}, nil
}

// NewDate returns the date y-m-d, normalised as time.Date does.
func NewDate(y int, m time.Month, d int) Date {
	return Date{t: time.Date(y, m, d, 0, 0, 0, 0, time.UTC)}
}

// DateOf is the calendar date in Stockholm at instant t.
func DateOf(t time.Time) Date {
	y, m, d := t.In(Stockholm()).Date()
	return NewDate(y, m, d)
}

// IsZero reports the absent date.
func (d Date) IsZero() bool { return d.t.IsZero() }

// String is "YYYY-MM-DD" ("" for the zero Date).
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return d.t.Format(dateLayout)
}

// AddDays is the date n days later (earlier for negative n).
func (d Date) AddDays(n int) Date { return Date{t: d.t.AddDate(0, 0, n)} }

// Before and After compare two dates.
func (d Date) Before(e Date) bool { return d.t.Before(e.t) }
func (d Date) After(e Date) bool  { return d.t.After(e.t) }

// At is the instant at hour:minute of the date in Stockholm.
func (d Date) At(hour, minute int) time.Time {
	y, m, day := d.t.Date()
	return time.Date(y, m, day, hour, minute, 0, 0, Stockholm())
}

// Midnight is the date as midnight UTC: what a SQL date column takes.
func (d Date) Midnight() time.Time { return d.t }

// MarshalJSON writes "YYYY-MM-DD", or "" for the zero Date.
func (d Date) MarshalJSON() ([]byte, error) { return json.Marshal(d.String()) }

// UnmarshalJSON reads what MarshalJSON wrote.
func (d *Date) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	if s == "" {
		*d = Date{}
		return nil
	}
	t, err := time.Parse(dateLayout, s)
	*d = Date{t: t}
	return err
}
