package audit

import (
	"strings"
	"time"

	"github.com/klient-crm/klient/http/i18n"
	"github.com/klient-crm/klient/http/web"
	"github.com/klient-crm/klient/projections/audit/history"
)

// asOf is the moment a history page shows, as the auditor typed it: a
// date and an optional time of day, both in Stockholm. Neither is personal
// data, so both may sit in the URL.
type asOf struct {
	Date, Time string // as typed: 2026-03-12 and 14:05 or 14:05:07
	cut        history.Cutoff
}

// errAsOfDate and errAsOfTime say what was wrong with the moment typed.
var (
	errAsOfDate = web.BadRequest(web.ErrMalformed, "as_of", "audit.as_of.bad_date",
		"the date must be written YYYY-MM-DD, for example 2026-03-12")
	errAsOfTime = web.BadRequest(web.ErrMalformed, "as_of_time", "audit.as_of.bad_time",
		"the time must be written HH:MM or HH:MM:SS, for example 14:05, and needs a date")
)

// parseAsOf reads as_of and as_of_time. Empty is now. A moment covers the
// whole of what was typed: the date alone is the end of that day, a time
// the end of that minute (or second), so "as of 12 March" includes what
// happened on 12 March.
func parseAsOf(date, clock string) (asOf, error) {
	a := asOf{Date: strings.TrimSpace(date), Time: strings.TrimSpace(clock)}
	if a.Date == "" {
		if a.Time != "" {
			return a, errAsOfTime
		}
		return a, nil
	}
	day, err := time.ParseInLocation(time.DateOnly, a.Date, i18n.Stockholm)
	if err != nil {
		return a, errAsOfDate
	}
	end, err := endOf(day, a.Time)
	if err != nil {
		return a, err
	}
	a.cut = history.Cutoff{At: end.Add(-time.Nanosecond)}
	return a, nil
}

// endOf is the first instant after the period clock names on day (after
// the whole day when clock is empty).
func endOf(day time.Time, clock string) (time.Time, error) {
	if clock == "" {
		return day.AddDate(0, 0, 1), nil
	}
	for _, c := range []struct {
		layout string
		unit   time.Duration
	}{{"15:04", time.Minute}, {"15:04:05", time.Second}} {
		if t, err := time.Parse(c.layout, clock); err == nil {
			return time.Date(day.Year(), day.Month(), day.Day(), t.Hour(), t.Minute(), t.Second(), 0, i18n.Stockholm).Add(c.unit), nil
		}
	}
	return time.Time{}, errAsOfTime
}

// now reports the present state: no moment was asked for.
func (a asOf) now() bool { return a.cut.At.IsZero() }

// includes reports whether an event recorded at t had happened by then.
func (a asOf) includes(t time.Time) bool { return a.now() || !t.After(a.cut.At) }

// asOfForm is what the "show as of" form needs: where it sends the
// moment and the moment shown.
type asOfForm struct {
	Action string
	AsOf   asOf
}
