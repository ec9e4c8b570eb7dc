package work

import (
	"io"
	"strconv"
	"time"

	"github.com/klient-crm/klient/domain/work"
)

// CalendarItems is what one staff member's feed shows.
type CalendarItems struct {
	Generated time.Time  // when the feed was made: every item's DTSTAMP
	Deadlines []Deadline // as VEVENTs
	Tasks     []Task     // as VTODOs
}

// WriteCalendar writes items as an iCalendar (RFC 5545) object: each
// deadline a VEVENT (all day, or one hour from its time of day in
// Europe/Stockholm), with a VALARM for each reminder when staffID is its
// responsible; each task a VTODO due on its date. UIDs are stable per item,
// so a client that refreshes the feed updates rather than duplicates.
// Erased items are left out; titles only, never descriptions, leave the
// firm this way.
func WriteCalendar(w io.Writer, staffID string, items CalendarItems) error {
	iw := &icalWriter{w: w}
	iw.raw([]string{"BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Klient//Klient CRM//SV", "CALSCALE:GREGORIAN",
		"METHOD:PUBLISH", "X-WR-CALNAME:Klient", "X-WR-TIMEZONE:Europe/Stockholm"})
	iw.raw(stockholmZone)
	for _, d := range items.Deadlines {
		if !d.Erased && d.Status != work.DeadlineStatusCancelled {
			writeDeadline(iw, d, staffID, items.Generated)
		}
	}
	for _, t := range items.Tasks {
		if !t.Erased {
			writeTask(iw, t, items.Generated)
		}
	}
	iw.line("END", "VCALENDAR")
	return iw.err
}

func writeDeadline(iw *icalWriter, d Deadline, staffID string, stamp time.Time) {
	iw.line("BEGIN", "VEVENT")
	iw.line("UID", "deadline-"+d.ID+"@klient")
	iw.utc("DTSTAMP", stamp)
	iw.utc("LAST-MODIFIED", d.UpdatedAt)
	iw.line("SEQUENCE", strconv.FormatUint(d.Version, 10))
	iw.text("SUMMARY", d.Title)
	iw.text("CATEGORIES", string(d.Kind))
	if d.Time.IsSet() {
		iw.line("DTSTART;TZID=Europe/Stockholm", d.Time.On(d.Date).Format("20060102T150405"))
		iw.line("DURATION", "PT1H")
		iw.line("TRANSP", "OPAQUE")
	} else {
		iw.line("DTSTART;VALUE=DATE", compactDate(d.Date))
		iw.line("DTEND;VALUE=DATE", compactDate(d.Date.AddDays(1)))
		iw.line("TRANSP", "TRANSPARENT")
	}
	iw.line("STATUS", "CONFIRMED")
	if d.Responsible == staffID && d.Status == work.DeadlineStatusPending {
		for _, r := range d.Reminders {
			writeAlarm(iw, d.Title, r)
		}
	}
	iw.line("END", "VEVENT")
}

// writeAlarm triggers at the reminder's due time, the same instant the
// reminder engine raises it.
func writeAlarm(iw *icalWriter, title string, r Reminder) {
	iw.line("BEGIN", "VALARM")
	iw.line("ACTION", "DISPLAY")
	iw.text("DESCRIPTION", title)
	iw.utc("TRIGGER;VALUE=DATE-TIME", r.DueAt)
	iw.line("END", "VALARM")
}

func writeTask(iw *icalWriter, t Task, stamp time.Time) {
	iw.line("BEGIN", "VTODO")
	iw.line("UID", "task-"+t.ID+"@klient")
	iw.utc("DTSTAMP", stamp)
	iw.utc("LAST-MODIFIED", t.UpdatedAt)
	iw.line("SEQUENCE", strconv.FormatUint(t.Version, 10))
	iw.text("SUMMARY", t.Title)
	iw.line("DUE;VALUE=DATE", compactDate(t.Due))
	iw.line("PRIORITY", strconv.Itoa(icalPriority(t.Priority)))
	iw.line("STATUS", todoStatus(t.Status))
	iw.line("END", "VTODO")
}

func compactDate(d work.Date) string { return d.Midnight().Format("20060102") }

// icalPriority maps onto RFC 5545's 1 (highest) .. 9 (lowest).
func icalPriority(p work.Priority) int {
	return map[work.Priority]int{work.PriorityUrgent: 1, work.PriorityHigh: 3, work.PriorityNormal: 5, work.PriorityLow: 9}[p]
}

func todoStatus(s work.TaskStatus) string {
	switch s {
	case work.TaskStatusInProgress:
		return "IN-PROCESS"
	case work.TaskStatusDone:
		return "COMPLETED"
	case work.TaskStatusCancelled:
		return "CANCELLED"
	}
	return "NEEDS-ACTION"
}
