package gdpr_test

import (
	"testing"
	"time"

	"github.com/klient-crm/klient/domain/gdpr"
	"github.com/klient-crm/klient/domain/work"
)

func TestAddMonthsClampsToTheMonthsLastDay(t *testing.T) {
	t.Parallel()
	cases := []struct {
		from work.Date
		n    int
		want work.Date
	}{
		{date(2026, time.January, 31), 1, date(2026, time.February, 28)},
		{date(2028, time.January, 31), 1, date(2028, time.February, 29)}, // leap year
		{date(2026, time.March, 31), 1, date(2026, time.April, 30)},
		{date(2026, time.March, 15), 1, date(2026, time.April, 15)},
		{date(2026, time.December, 15), 1, date(2027, time.January, 15)},
		{date(2026, time.February, 28), 2, date(2026, time.April, 28)},
		{date(2028, time.February, 29), 12, date(2029, time.February, 28)},
		{date(2026, time.March, 15), 120, date(2036, time.March, 15)},
	}
	for _, c := range cases {
		if got := gdpr.AddMonths(c.from, c.n); got != c.want {
			t.Errorf("AddMonths(%s, %d) = %s, want %s", c.from, c.n, got, c.want)
		}
	}
}

// The deadline runs from the Stockholm date of receipt, not the UTC one.
func TestDeadlineIsOneCalendarMonthFromTheStockholmDate(t *testing.T) {
	t.Parallel()
	cases := []struct {
		received time.Time
		want     work.Date
	}{
		{time.Date(2026, time.January, 31, 12, 0, 0, 0, time.UTC), date(2026, time.February, 28)},
		{time.Date(2026, time.January, 30, 23, 30, 0, 0, time.UTC), date(2026, time.February, 28)}, // 00:30 on 31 Jan in Stockholm
		{time.Date(2026, time.March, 15, 9, 0, 0, 0, time.UTC), date(2026, time.April, 15)},
		{time.Date(2026, time.June, 30, 22, 30, 0, 0, time.UTC), date(2026, time.August, 1)}, // 00:30 on 1 Jul, summer time
	}
	for _, c := range cases {
		if got := gdpr.Deadline(c.received); got != c.want {
			t.Errorf("Deadline(%s) = %s, want %s", c.received, got, c.want)
		}
	}
}

func TestOverdueOnlyAfterTheDeadlineDay(t *testing.T) {
	t.Parallel()
	deadline := date(2026, time.April, 15)
	lastMinute := time.Date(2026, time.April, 15, 21, 59, 0, 0, time.UTC) // 23:59 in Stockholm
	nextDay := time.Date(2026, time.April, 15, 22, 1, 0, 0, time.UTC)     // 00:01 on the 16th
	if gdpr.Overdue(deadline, lastMinute) {
		t.Error("overdue on the deadline day itself")
	}
	if !gdpr.Overdue(deadline, nextDay) {
		t.Error("not overdue the day after the deadline")
	}
}

func TestLatestExtensionIsTwoMonthsAfterTheDeadline(t *testing.T) {
	t.Parallel()
	if got := gdpr.LatestExtension(date(2026, time.February, 28)); got != date(2026, time.April, 28) {
		t.Fatalf("LatestExtension(28 Feb) = %s", got)
	}
}
