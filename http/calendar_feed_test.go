package http_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-ical"

	casework "github.com/klient-crm/klient/http/casework"
)

// TestCalendarFeedSaysWhichMatter reads the feed a lawyer subscribes to with
// a real iCalendar parser (issue 12, item 6): the deadline a workflow template
// gives every matter ("Svaromål") is told apart by the matter's number in
// SUMMARY ("2026-0042 Svaromål"), CATEGORIES are Swedish ("Frist" and the
// kind, "Inlaga"), and a task is an all-day VEVENT on its due date, which
// Google Calendar and Outlook show ("Uppgift"); ?uppgifter=vtodo gives the
// task as a VTODO instead, and any other value is refused with a Swedish
// message.
func TestCalendarFeedSaysWhichMatter(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	first := a.openMatter("Tvist om hyra", a.me.ID, a.createPerson("Hanna", "Hyresgäst"), nil, nil, nil)
	second := a.openMatter("Tvist om arv", a.me.ID, a.createPerson("Arvid", "Arvinge"), nil, nil, nil)
	for _, m := range []casework.MatterJSON{first, second} {
		wantStatus(t, a.call(http.MethodPost, "/api/v1/deadlines", fmt.Sprintf(`{"matter_id":%q,"kind":"filing","date":%q,"title":"Svaromål","responsible":%q,"reminders":[3]}`,
			m.ID, date(10), a.me.ID)), http.StatusCreated)
	}
	rec := a.call(http.MethodPost, "/api/v1/tasks", fmt.Sprintf(`{"title":"Skicka fullmakt","assignee":{"staff":%q},"due":%q,"matter_id":%q}`,
		a.me.ID, date(4), first.ID))
	wantStatus(t, rec, http.StatusCreated)
	task := decode[casework.TaskJSON](t, rec)

	feed := a.feedPath(t)
	cal := parseFeed(t, a.as("").get(feed))
	deadlines := map[string]bool{}
	var taskEvent *ical.Component
	for _, c := range cal.Children {
		uid, _ := c.Props.Text("UID")
		summary, _ := c.Props.Text("SUMMARY")
		switch {
		case c.Name == "VTODO":
			t.Errorf("the default feed holds a VTODO: %q", summary)
		case c.Name == "VEVENT" && strings.HasPrefix(uid, "deadline-"):
			deadlines[summary] = true
			wantCategories(t, c, "Frist", "Inlaga")
		case c.Name == "VEVENT" && uid == "task-"+task.ID+"@klient":
			taskEvent = c
		}
	}
	if !deadlines[first.Number+" Svaromål"] || !deadlines[second.Number+" Svaromål"] || len(deadlines) != 2 {
		t.Errorf("the deadlines read %v, want %q and %q", deadlines, first.Number+" Svaromål", second.Number+" Svaromål")
	}
	if taskEvent == nil {
		t.Fatal("the task is no event in the feed")
	}
	due, err := time.Parse(time.DateOnly, date(4))
	must(t, err)
	start, err := taskEvent.Props.DateTime("DTSTART", time.UTC)
	must(t, err)
	end, err := taskEvent.Props.DateTime("DTEND", time.UTC)
	must(t, err)
	if s, _ := taskEvent.Props.Text("SUMMARY"); s != first.Number+" Skicka fullmakt" ||
		taskEvent.Props.Get("DTSTART").ValueType() != ical.ValueDate || !start.Equal(due) || !end.Equal(due.AddDate(0, 0, 1)) {
		t.Errorf("the task's event: %q from %v to %v, want all day on %v", s, start, end, due)
	}
	wantCategories(t, taskEvent, "Uppgift")

	todos := 0
	for _, c := range parseFeed(t, a.as("").get(feed+"?uppgifter=vtodo")).Children {
		uid, _ := c.Props.Text("UID")
		if uid == "task-"+task.ID+"@klient" {
			if c.Name != "VTODO" {
				t.Errorf("asked for to-dos, the task is a %s", c.Name)
			}
			todos++
		}
	}
	if todos != 1 {
		t.Errorf("the task is in the to-do feed %d times", todos)
	}

	bad := a.as("").get(feed + "?uppgifter=ja")
	wantStatus(t, bad, http.StatusBadRequest)
	wantContains(t, bad.Body.String(), "Uppgifterna kan bara fås som att göra-poster (uppgifter=vtodo)")
}

func parseFeed(t *testing.T, rec interface {
	Result() *http.Response
}) *ical.Calendar {
	t.Helper()
	res := rec.Result()
	if res.StatusCode != http.StatusOK {
		t.Fatalf("the feed answered %d", res.StatusCode)
	}
	cal, err := ical.NewDecoder(res.Body).Decode()
	must(t, err)
	return cal
}

// wantCategories wants the component's CATEGORIES to be exactly want.
func wantCategories(t *testing.T, c *ical.Component, want ...string) {
	t.Helper()
	p := c.Props.Get("CATEGORIES")
	if p == nil {
		t.Errorf("no CATEGORIES in %v", c.Props)
		return
	}
	got, err := p.TextList()
	must(t, err)
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("categories %q, want %q", got, want)
	}
}
