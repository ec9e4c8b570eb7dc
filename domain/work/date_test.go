package work_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/work"
)

func TestParseDateRefusesWhatTheCalendarLacks(t *testing.T) {
	t.Parallel()
	for _, s := range []string{"2026-02-30", "2026-13-01", "2025-02-29", "26-01-01", "2026-1-5", "i morgon"} {
		_, err := work.ParseDate("due", s)
		refusedWith(t, err, domain.KindInvalid, "work.date.invalid")
	}
	_, err := work.ParseDate("due", "")
	refusedWith(t, err, domain.KindInvalid, "work.date.required")
	d, err := work.ParseDate("due", "2028-02-29")
	must(t, err)
	if d.String() != "2028-02-29" || d.AddDays(1).String() != "2028-03-01" {
		t.Fatalf("leap day %s, next %s", d, d.AddDays(1))
	}
}

func TestDateRoundTripsThroughJSON(t *testing.T) {
	t.Parallel()
	in := struct{ D, Z work.Date }{D: work.NewDate(2026, time.April, 1)}
	b, err := json.Marshal(in)
	must(t, err)
	if string(b) != `{"D":"2026-04-01","Z":""}` {
		t.Fatalf("marshalled %s", b)
	}
	var out struct{ D, Z work.Date }
	must(t, json.Unmarshal(b, &out))
	if out != in {
		t.Fatalf("round trip %+v, want %+v", out, in)
	}
}

// Reminders fall due at 08:00 in Stockholm whatever the season, and never
// after a timed deadline on its own day.
func TestReminderDueAcrossDaylightSaving(t *testing.T) {
	t.Parallel()
	cases := []struct {
		date work.Date
		at   work.TimeOfDay
		days int
		want string
	}{
		{work.NewDate(2026, time.March, 30), "", 1, "2026-03-29T06:00:00Z"}, // the day summer time starts: 08:00 CEST
		{work.NewDate(2026, time.March, 30), "", 2, "2026-03-28T07:00:00Z"}, // still winter: 08:00 CET
		{work.NewDate(2026, time.November, 2), "", 7, "2026-10-26T07:00:00Z"},
		{work.NewDate(2026, time.June, 10), "07:30", 0, "2026-06-10T05:30:00Z"},
		{work.NewDate(2026, time.June, 10), "13:00", 0, "2026-06-10T06:00:00Z"},
	}
	for _, c := range cases {
		if got := work.ReminderDue(c.date, c.at, c.days).Format(time.RFC3339); got != c.want {
			t.Errorf("%s %s -%dd: %s, want %s", c.date, c.at, c.days, got, c.want)
		}
	}
	if got := work.DateOf(time.Date(2026, time.June, 9, 22, 30, 0, 0, time.UTC)); got.String() != "2026-06-10" {
		t.Errorf("DateOf late evening UTC = %s, want the Stockholm date", got)
	}
}

// A time of day the Stockholm clock skips (summer time begins at 02:00 on
// the last Sunday of March) is refused; every other, October's repeated
// hour too, exists.
func TestTimeOfDayExists(t *testing.T) {
	for _, c := range []struct {
		date, at string
		exists   bool
	}{
		{"2027-03-28", "02:00", false}, {"2027-03-28", "02:59", false}, {"2026-03-29", "02:30", false},
		{"2027-03-28", "01:59", true}, {"2027-03-28", "03:00", true}, {"2026-10-25", "02:30", true},
		{"2027-03-21", "02:30", true}, {"2027-03-28", "", true},
	} {
		d, err := work.ParseDate("date", c.date)
		if err != nil {
			t.Fatal(err)
		}
		at, err := work.ParseTimeOfDay("time", c.at)
		if err != nil {
			t.Fatal(err)
		}
		if err := at.Exists("time", d); (err == nil) != c.exists {
			t.Errorf("%s %s: %v, want exists=%v", c.date, c.at, err, c.exists)
		}
	}
}
