package http_test

import (
	"context"
	"testing"
	"time"

	"github.com/klient-crm/klient/projections/communications"
	"github.com/klient-crm/klient/projections/reports"
)

// TestCommunicationReportIsExactWhereverTheWindowStands: the report reads
// the volume counts and corrects them by the entries between their
// window's start and its own year, both when the year begins after the
// start (the window has not moved for a while) and before it (a report of
// an earlier day, or the window moved past it).
func TestCommunicationReportIsExactWhereverTheWindowStands(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	client := a.createPerson("Vera", "Volym")
	m := a.takeIn("Volym Rapport", "processrätt", a.me.ID, client)
	a.clearAndOpen(m.ID, "clear", "")
	now := time.Now()
	a.logComm(m.ID, "email", now.AddDate(-1, 0, -30))     // counted by a report 60 days back
	a.logComm(m.ID, "phone_call", now.AddDate(-1, 0, 30)) // not by one 60 days ahead
	a.logComm(m.ID, "note", now.AddDate(0, 0, -10))

	totals := func(at time.Time) []int {
		t.Helper()
		got, err := reports.CommunicationsIn(context.Background(), a.pool, reports.Scope{FirmWide: true, Now: at}, 0)
		must(t, err)
		if len(got) != 1 || got[0].MatterID != m.ID {
			t.Fatalf("report at %s: %+v", at, got)
		}
		v := got[0].ByKind
		return []int{got[0].Total, v["email"], v["phone_call"], v["note"]}
	}
	want := func(what string, got []int, total, email, call, note int) {
		t.Helper()
		if got[0] != total || got[1] != email || got[2] != call || got[3] != note {
			t.Errorf("%s: total, e-mail, call, note = %v; want %v", what, got, []int{total, email, call, note})
		}
	}
	want("today", totals(now), 2, 0, 1, 1)
	want("60 days ahead (after the window's start)", totals(now.AddDate(0, 0, 60)), 1, 0, 0, 1)
	want("60 days back (before it)", totals(now.AddDate(0, 0, -60)), 3, 1, 1, 1)

	must(t, communications.AdvanceVolumeWindow(context.Background(), a.pool, now.AddDate(0, 0, 60)))
	want("today, once the window moved past", totals(now), 2, 0, 1, 1)
	want("60 days ahead, at the window's start", totals(now.AddDate(0, 0, 60)), 1, 0, 0, 1)
}
