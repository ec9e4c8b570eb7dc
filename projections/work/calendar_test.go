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

// words are what the web edge fills in: matter numbers and Swedish
// categories (http/i18n's deadlines.kind.* and calendar.category.*).
var words = work.FeedWords{Numbers: map[string]string{"m-42": "2026-0042", "m-43": "2026-0043"},
	Kinds:    map[domainwork.DeadlineKind]string{domainwork.KindAppealDeadline: "Överklagandefrist", domainwork.KindCourtDate: "Förhandling", domainwork.KindFiling: "Inlaga"},
	Deadline: "Frist", Task: "Uppgift"}

func feedItems(staffID string) work.CalendarItems {
	stamp := time.Date(2026, 3, 16, 8, 0, 0, 0, time.UTC)
	due := time.Date(2026, 3, 13, 7, 0, 0, 0, time.UTC)
	return work.CalendarItems{Generated: stamp,
		Deadlines: []work.Deadline{
			{ID: "d-allday", MatterID: "m-42", Title: tricky, Kind: domainwork.KindAppealDeadline, Date: domainwork.NewDate(2026, 3, 20),
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
			{ID: "t-2", MatterID: "m-43", Title: "Svaromål", Due: domainwork.NewDate(2026, 3, 31), Priority: domainwork.PriorityNormal,
				Status: domainwork.TaskStatusOpen, UpdatedAt: stamp},
		},
	}
}

func TestCalendarParsesWithATakenParser(t *testing.T) {
	t.Parallel()
	todos := words
	todos.TasksAsTodos = true
	var out bytes.Buffer
	must(t, work.WriteCalendar(&out, "anna", feedItems("anna"), todos))
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
	if len(byName["VTIMEZONE"]) != 1 || len(byName["VEVENT"]) != 2 || len(byName["VTODO"]) != 2 {
		t.Fatalf("components %v", byName)
	}
	allDay, timed := byName["VEVENT"][0], byName["VEVENT"][1]
	if got, _ := allDay.Props.Text("SUMMARY"); got != "2026-0042 "+tricky {
		t.Fatalf("summary came back as %q, want the matter's number and %q", got, tricky)
	}
	wantCategories(t, allDay, "Frist", "Överklagandefrist")
	wantCategories(t, timed, "Frist", "Förhandling")
	if got, _ := timed.Props.Text("SUMMARY"); got != "Huvudförhandling" {
		t.Fatalf("a deadline without a matter number reads %q", got)
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
	wantCategories(t, todo, "Uppgift")
	if s, _ := byName["VTODO"][1].Props.Text("SUMMARY"); s != "2026-0043 Svaromål" {
		t.Fatalf("the second to-do reads %q", s)
	}
	summary, _ := todo.Props.Text("SUMMARY")
	due, err := todo.Props.DateTime("DUE", time.UTC)
	must(t, err)
	if summary != "Ring klienten, snarast; tack" || !due.Equal(time.Date(2026, 3, 18, 0, 0, 0, 0, time.UTC)) ||
		todo.Props.Get("PRIORITY").Value != "1" || todo.Props.Get("STATUS").Value != "IN-PROCESS" {
		t.Fatalf("todo %q due %v %v", summary, due, todo.Props)
	}
	var again bytes.Buffer
	must(t, work.WriteCalendar(&again, "anna", feedItems("anna"), todos))
	if again.String() != out.String() {
		t.Fatal("the same items gave another feed")
	}
}

// TestCalendarTasksAreAllDayEvents: by default a task is an all-day VEVENT
// on its due date (Google Calendar and Outlook show no VTODO in a
// subscription; issue 12), with the UID its VTODO would have, its matter's
// number before its title and the category "Uppgift"; no VTODO is written.
func TestCalendarTasksAreAllDayEvents(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	must(t, work.WriteCalendar(&out, "anna", feedItems("anna"), words))
	cal, err := ical.NewDecoder(&out).Decode()
	must(t, err)
	tasks := map[string]ical.Event{}
	for _, e := range cal.Events() {
		if uid, _ := e.Props.Text("UID"); strings.HasPrefix(uid, "task-") {
			tasks[uid] = e
		}
	}
	for _, c := range cal.Children {
		if c.Name == "VTODO" {
			t.Fatalf("a VTODO in the default feed: %v", c.Props)
		}
	}
	if len(tasks) != 2 {
		t.Fatalf("%d tasks as events, want 2", len(tasks))
	}
	for uid, want := range map[string]struct {
		summary string
		due     time.Time
	}{
		"task-t-1@klient": {"Ring klienten, snarast; tack", time.Date(2026, 3, 18, 0, 0, 0, 0, time.UTC)},
		"task-t-2@klient": {"2026-0043 Svaromål", time.Date(2026, 3, 31, 0, 0, 0, 0, time.UTC)},
	} {
		e := tasks[uid]
		start, err := e.DateTimeStart(time.UTC)
		must(t, err)
		end, err := e.DateTimeEnd(time.UTC)
		must(t, err)
		summary, _ := e.Props.Text("SUMMARY")
		if summary != want.summary || e.Props.Get("DTSTART").ValueType() != ical.ValueDate || !start.Equal(want.due) ||
			!end.Equal(want.due.AddDate(0, 0, 1)) {
			t.Errorf("%s: %q from %v to %v, want %q all day on %v", uid, summary, start, end, want.summary, want.due)
		}
		wantCategories(t, e.Component, "Uppgift")
	}
}

// wantCategories wants the component's CATEGORIES to be exactly want.
func wantCategories(t *testing.T, c *ical.Component, want ...string) {
	t.Helper()
	p := c.Props.Get("CATEGORIES")
	if p == nil {
		t.Fatalf("no CATEGORIES in %v", c.Props)
	}
	got, err := p.TextList()
	must(t, err)
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("categories %q, want %q", got, want)
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
// with alarms at 08:00 Stockholm time, and their open tasks (as events).
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
	must(t, work.WriteCalendar(&out, w.anna, items, work.FeedWords{}))
	cal, err := ical.NewDecoder(&out).Decode()
	must(t, err)
	events := cal.Events()
	if len(events) != 3 || len(cal.Children) != 4 { // two deadlines, Anna's task; the time zone
		t.Fatalf("%d events among %d components", len(events), len(cal.Children))
	}
	if s, _ := events[0].Props.Text("SUMMARY"); s != "Överklagande, Svea hovrätt" {
		t.Fatalf("summary %q", s)
	}
	checkAlarms(t, events[0].Component, time.Date(2026, 3, 23, 7, 0, 0, 0, time.UTC)) // 08:00 CET
	checkAlarms(t, events[1].Component, time.Date(2026, 4, 1, 6, 0, 0, 0, time.UTC))  // 08:00 CEST
}
