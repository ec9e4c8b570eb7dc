package work_test

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-ical"

	domainwork "github.com/klient-crm/klient/domain/work"
	"github.com/klient-crm/klient/projections/work"
)

// tricky has every character TEXT escaping exists for, Swedish letters,
// and enough of them to need folding in the middle of multi-byte runes.
var tricky = "Möte med Åsa, Örjan; Ängel\\bank\nrad två: " + strings.Repeat("åäö€", 20)

func feedItems(staffID string) work.CalendarItems {
	stamp := time.Date(2026, 3, 16, 8, 0, 0, 0, time.UTC)
	due := time.Date(2026, 3, 13, 7, 0, 0, 0, time.UTC)
	return work.CalendarItems{Generated: stamp,
		Deadlines: []work.Deadline{
			{ID: "d-allday", Title: tricky, Kind: domainwork.KindAppealDeadline, Date: domainwork.NewDate(2026, 3, 20),
				Responsible: staffID, Status: domainwork.DeadlineStatusPending, Version: 2, UpdatedAt: stamp,
				Reminders: []work.Reminder{{Index: 0, DaysBefore: 7, DueAt: due}, {Index: 1, DaysBefore: 0, DueAt: due.AddDate(0, 0, 7)}}},
			{ID: "d-timed", Title: "Huvudförhandling", Kind: domainwork.KindCourtDate, Date: domainwork.NewDate(2026, 7, 1), Time: "09:30",
				Responsible: "someone-else", Status: domainwork.DeadlineStatusPending, UpdatedAt: stamp,
				Reminders: []work.Reminder{{DueAt: due}}},
			{ID: "d-cancelled", Title: "Inställd", Date: domainwork.NewDate(2026, 3, 20), Status: domainwork.DeadlineStatusCancelled},
			{ID: "d-erased", Date: domainwork.NewDate(2026, 3, 20), Status: domainwork.DeadlineStatusPending, Erased: true},
		},
		Tasks: []work.Task{
			{ID: "t-1", Title: "Ring klienten, snarast; tack", Due: domainwork.NewDate(2026, 3, 18), Priority: domainwork.PriorityUrgent,
				Status: domainwork.TaskStatusInProgress, UpdatedAt: stamp},
		},
	}
}

func TestCalendarParsesWithATakenParser(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	must(t, work.WriteCalendar(&out, "anna", feedItems("anna")))
	for i, line := range strings.SplitAfter(out.String(), "\r\n") {
		if len(line) > 77 || (line != "" && !strings.HasSuffix(line, "\r\n")) {
			t.Fatalf("line %d is %d octets or not CRLF-ended: %q", i, len(line), line)
		}
	}
	cal, err := ical.NewDecoder(bytes.NewReader(out.Bytes())).Decode()
	must(t, err)
	if v, _ := cal.Props.Text("X-WR-TIMEZONE"); v != "Europe/Stockholm" || cal.Props.Get("VERSION").Value != "2.0" {
		t.Fatalf("calendar properties %v", cal.Props)
	}
	byName := map[string][]*ical.Component{}
	for _, c := range cal.Children {
		byName[c.Name] = append(byName[c.Name], c)
	}
	if len(byName["VTIMEZONE"]) != 1 || len(byName["VEVENT"]) != 2 || len(byName["VTODO"]) != 1 {
		t.Fatalf("components %v", byName)
	}
	allDay, timed := byName["VEVENT"][0], byName["VEVENT"][1]
	if got, _ := allDay.Props.Text("SUMMARY"); got != tricky {
		t.Fatalf("summary came back as %q, want %q", got, tricky)
	}
	if uid, _ := allDay.Props.Text("UID"); uid != "deadline-d-allday@klient" {
		t.Fatalf("UID %q", uid)
	}
	start, err := allDay.Props.DateTime("DTSTART", time.UTC)
	must(t, err)
	if allDay.Props.Get("DTSTART").ValueType() != ical.ValueDate || !start.Equal(time.Date(2026, 3, 20, 0, 0, 0, 0, time.UTC)) {
		t.Fatalf("all-day start %v", start)
	}
	checkAlarms(t, allDay, time.Date(2026, 3, 13, 7, 0, 0, 0, time.UTC), time.Date(2026, 3, 20, 7, 0, 0, 0, time.UTC))
	checkAlarms(t, timed) // someone else is responsible: no alarms in this member's feed
	hearing, err := timed.Props.DateTime("DTSTART", nil)
	must(t, err)
	if !hearing.Equal(time.Date(2026, 7, 1, 7, 30, 0, 0, time.UTC)) {
		t.Fatalf("09:30 in Stockholm in July read as %v", hearing)
	}
	todo := byName["VTODO"][0]
	summary, _ := todo.Props.Text("SUMMARY")
	due, err := todo.Props.DateTime("DUE", time.UTC)
	must(t, err)
	if summary != "Ring klienten, snarast; tack" || !due.Equal(time.Date(2026, 3, 18, 0, 0, 0, 0, time.UTC)) ||
		todo.Props.Get("PRIORITY").Value != "1" || todo.Props.Get("STATUS").Value != "IN-PROCESS" {
		t.Fatalf("todo %q due %v %v", summary, due, todo.Props)
	}
	var again bytes.Buffer
	must(t, work.WriteCalendar(&again, "anna", feedItems("anna")))
	if again.String() != out.String() {
		t.Fatal("the same items gave another feed")
	}
}

// checkAlarms wants the event's VALARMs to trigger at exactly want.
func checkAlarms(t *testing.T, event *ical.Component, want ...time.Time) {
	t.Helper()
	var got []time.Time
	for _, c := range event.Children {
		if c.Name != "VALARM" {
			continue
		}
		at, err := c.Props.DateTime("TRIGGER", nil)
		must(t, err)
		if action := c.Props.Get("ACTION"); action == nil || action.Value != "DISPLAY" {
			t.Fatalf("alarm without ACTION:DISPLAY: %v", c.Props)
		}
		got = append(got, at)
	}
	if len(got) != len(want) {
		t.Fatalf("alarms at %v, want %v", got, want)
	}
	for i := range got {
		if !got[i].Equal(want[i]) {
			t.Fatalf("alarms at %v, want %v", got, want)
		}
	}
}

// The feed a member subscribes to, from the read model: their deadlines
// with alarms at 08:00 Stockholm time, and their open tasks.
func TestCalendarFeedFromTheReadModel(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	matter := newID()
	w.deadline(matter, "Överklagande, Svea hovrätt", "2026-03-30", "", 7)
	w.deadline(matter, "Förhandling", "2026-04-02", "13:15", 1)
	w.task("Förbered vittnesförhör", domainwork.StaffAssignee(w.anna), "2026-03-25", "high", matter)
	w.task("Bos uppgift", domainwork.StaffAssignee(w.bo), "2026-03-25", "", "")
	w.Run()
	w.caughtUp()
	items, err := work.CalendarFor(context.Background(), w.Pool, w.anna, nil, w.clock.Now())
	must(t, err)
	var out bytes.Buffer
	must(t, work.WriteCalendar(&out, w.anna, items))
	cal, err := ical.NewDecoder(&out).Decode()
	must(t, err)
	events := cal.Events()
	if len(events) != 2 || len(cal.Children) != 4 {
		t.Fatalf("%d events among %d components", len(events), len(cal.Children))
	}
	if s, _ := events[0].Props.Text("SUMMARY"); s != "Överklagande, Svea hovrätt" {
		t.Fatalf("summary %q", s)
	}
	checkAlarms(t, events[0].Component, time.Date(2026, 3, 23, 7, 0, 0, 0, time.UTC)) // 08:00 CET
	checkAlarms(t, events[1].Component, time.Date(2026, 4, 1, 6, 0, 0, 0, time.UTC))  // 08:00 CEST
}
