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
	Tasks     []Task     // as all-day VEVENTs, or VTODOs (FeedWords.TasksAsTodos)
}

// FeedWords are what a feed says that the read model does not hold: the
// matters' numbers, which tell apart the deadlines a workflow template gives
// every matter ("2026-0042 Svaromål", "2026-0043 Svaromål"), and the names of
// the categories in the reader's language. The web edge, which knows both,
// fills them in.
type FeedWords struct {
	Numbers  map[string]string            // matter ID → its number
	Kinds    map[work.DeadlineKind]string // a deadline's kind as a category ("Överklagandefrist")
	Deadline string                       // the category every deadline has ("Frist")
	Task     string                       // the category every task has ("Uppgift")
	// TasksAsTodos writes tasks as VTODOs, for clients with a task list
	// (Thunderbird, Apple Reminders). Google Calendar and Outlook show no
	// VTODO in a subscribed calendar, so by default a task is an all-day
	// VEVENT on its due date.
	TasksAsTodos bool
}

// WriteCalendar writes items as an iCalendar (RFC 5545) object: each
// deadline a VEVENT (all day, or one hour from its time of day in
// Europe/Stockholm), with a VALARM for each reminder when staffID is its
// responsible; each task an all-day VEVENT on its due date (or a VTODO due
// then). A summary starts with the matter's number. UIDs are stable per
// item, so a client that refreshes the feed updates rather than duplicates.
// Erased items are left out; titles only, never descriptions, leave the
// firm this way.
func WriteCalendar(w io.Writer, staffID string, items CalendarItems, words FeedWords) error {
	iw := &icalWriter{w: w}
	iw.raw([]string{"BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Klient//Klient CRM//SV", "CALSCALE:GREGORIAN",
		"METHOD:PUBLISH", "X-WR-CALNAME:Klient", "X-WR-TIMEZONE:Europe/Stockholm"})
	iw.raw(stockholmZone)
	for _, d := range items.Deadlines {
		if !d.Erased && d.Status != work.DeadlineStatusCancelled {
			writeDeadline(iw, d, staffID, items.Generated, words)
		}
	}
	for _, t := range items.Tasks {
		switch {
		case t.Erased:
		case words.TasksAsTodos:
			writeTodo(iw, t, items.Generated, words)
		default:
			writeTaskEvent(iw, t, items.Generated, words)
		}
	}
	iw.line("END", "VCALENDAR")
	return iw.err
}

func writeDeadline(iw *icalWriter, d Deadline, staffID string, stamp time.Time, words FeedWords) {
	iw.line("BEGIN", "VEVENT")
	iw.line("UID", "deadline-"+d.ID+"@klient")
	iw.utc("DTSTAMP", stamp)
	iw.utc("LAST-MODIFIED", d.UpdatedAt)
	iw.line("SEQUENCE", strconv.FormatUint(d.Version, 10))
	iw.text("SUMMARY", words.summary(d.MatterID, d.Title))
	iw.list("CATEGORIES", words.Deadline, words.Kinds[d.Kind])
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

// writeTaskEvent writes a task as an all-day event on its due date, free
// time (a task due is no appointment), the way every calendar shows it.
func writeTaskEvent(iw *icalWriter, t Task, stamp time.Time, words FeedWords) {
	iw.line("BEGIN", "VEVENT")
	writeTaskHead(iw, t, stamp, words)
	iw.line("DTSTART;VALUE=DATE", compactDate(t.Due))
	iw.line("DTEND;VALUE=DATE", compactDate(t.Due.AddDays(1)))
	iw.line("TRANSP", "TRANSPARENT")
	iw.line("PRIORITY", strconv.Itoa(icalPriority(t.Priority)))
	iw.line("STATUS", "CONFIRMED")
	iw.line("END", "VEVENT")
}

func writeTodo(iw *icalWriter, t Task, stamp time.Time, words FeedWords) {
	iw.line("BEGIN", "VTODO")
	writeTaskHead(iw, t, stamp, words)
	iw.line("DUE;VALUE=DATE", compactDate(t.Due))
	iw.line("PRIORITY", strconv.Itoa(icalPriority(t.Priority)))
	iw.line("STATUS", todoStatus(t.Status))
	iw.line("END", "VTODO")
}

// writeTaskHead writes what a task's event and to-do share; the UID is the
// same, so a subscriber who switches form gets the one item, not two.
func writeTaskHead(iw *icalWriter, t Task, stamp time.Time, words FeedWords) {
	iw.line("UID", "task-"+t.ID+"@klient")
	iw.utc("DTSTAMP", stamp)
	iw.utc("LAST-MODIFIED", t.UpdatedAt)
	iw.line("SEQUENCE", strconv.FormatUint(t.Version, 10))
	iw.text("SUMMARY", words.summary(t.MatterID, t.Title))
	iw.list("CATEGORIES", words.Task)
}

// summary is a title after its matter's number, when it has a matter.
func (w FeedWords) summary(matterID, title string) string {
	if n := w.Numbers[matterID]; n != "" && matterID != "" {
		return n + " " + title
	}
	return title
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
