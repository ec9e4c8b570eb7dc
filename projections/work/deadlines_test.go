package work_test

import (
	"context"
	"slices"
	"testing"
	"time"

	workcmd "github.com/klient-crm/klient/commands/work"
	domainwork "github.com/klient-crm/klient/domain/work"
	"github.com/klient-crm/klient/projections/projtest"
	"github.com/klient-crm/klient/projections/work"
)

func deadlineIDs(ds []work.Deadline) []string {
	out := make([]string, len(ds))
	for i, d := range ds {
		out[i] = d.ID
	}
	return out
}

func TestDeadlinesWithTheirReminders(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	matter, other := newID(), newID()
	hearing := w.deadline(matter, "Huvudförhandling i Solna tingsrätt", "2026-03-30", "09:30", 1, 7)
	appeal := w.deadline(matter, "Överklagandefrist", "2026-03-20", "", 0)
	old := w.deadline(other, "Inlaga", "2026-03-01", "", 3)
	ctx := context.Background()
	update, err := workcmd.NewDeadlineUpdateHandler(w.work)
	must(t, err)
	_, err = update.HandleMove(ctx, workcmd.MoveDeadline{Actor: w.actor, DeadlineID: appeal, Date: "2026-03-23", Reminders: []int{2}})
	must(t, err)
	w.Run()
	w.caughtUp()

	all, err := work.Deadlines(ctx, w.Pool, work.Filter{StaffID: w.anna})
	must(t, err)
	if got := deadlineIDs(all); !slices.Equal(got, []string{old, appeal, hearing}) {
		t.Fatalf("deadlines %v", got)
	}
	today := domainwork.NewDate(2026, 3, 16)
	if !all[0].Missed(today) || all[1].Missed(today) {
		t.Fatal("missed is wrong")
	}
	h := all[2]
	if h.Title != "Huvudförhandling i Solna tingsrätt" || h.Time != "09:30" || h.Kind != domainwork.KindCourtDate || len(h.Reminders) != 2 {
		t.Fatalf("hearing %+v", h)
	}
	if r := h.Reminders[0]; r.DaysBefore != 7 || !r.DueAt.Equal(stockholm(2026, 3, 23, 8, 0)) || r.Raised() {
		t.Fatalf("first reminder %+v", r)
	}
	moved, err := work.GetDeadline(ctx, w.Pool, appeal)
	must(t, err)
	if moved.Date.String() != "2026-03-23" || len(moved.Reminders) != 1 || !moved.Reminders[0].DueAt.Equal(stockholm(2026, 3, 21, 8, 0)) {
		t.Fatalf("moved deadline %+v", moved)
	}
	ranged, err := work.Deadlines(ctx, w.Pool, work.Filter{MatterID: matter, From: today, To: domainwork.NewDate(2026, 3, 25)})
	must(t, err)
	if got := deadlineIDs(ranged); !slices.Equal(got, []string{appeal}) {
		t.Fatalf("deadlines of the matter this week %v", got)
	}
	due, err := work.DueReminders(ctx, w.Pool, stockholm(2026, 3, 23, 8, 0), 10)
	must(t, err)
	want := []work.ReminderRef{{DeadlineID: old, Index: 0}, {DeadlineID: appeal, Index: 0}, {DeadlineID: hearing, Index: 0}}
	if !slices.Equal(due, want) {
		t.Fatalf("due reminders %v, want %v", due, want)
	}
}

// What an engine raised shows on the responsible member's start page, until
// the deadline is met.
func TestRaisedRemindersForTheStartPage(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	id := w.deadline(newID(), "Preskription", "2026-03-18", "", 7, 2)
	w.Run()
	w.caughtUp()
	engine := w.engine(t)
	n, err := engine.Tick(context.Background())
	must(t, err)
	w.caughtUp()
	raised, err := work.RaisedReminders(context.Background(), w.Pool, w.anna, 0)
	must(t, err)
	if n != 2 || len(raised) != 2 || raised[0].Deadline.Title != "Preskription" || raised[1].DaysBefore != 2 ||
		raised[0].RaisedAt.IsZero() {
		t.Fatalf("raised %d: %+v", n, raised)
	}
	update, err := workcmd.NewDeadlineUpdateHandler(w.work)
	must(t, err)
	_, err = update.HandleMeet(context.Background(), workcmd.CloseDeadline{Actor: w.actor, DeadlineID: id, ExpectedVersion: 2})
	must(t, err)
	w.caughtUp()
	if raised, _ := work.RaisedReminders(context.Background(), w.Pool, w.anna, 0); len(raised) != 0 {
		t.Fatalf("a met deadline still reminds: %+v", raised)
	}
}

// engine is a reminder engine of its own "instance": its own commands
// repository over the same store, the world's clock.
func (w *world) engine(t testing.TB) *work.ReminderEngine {
	t.Helper()
	repo, err := workcmd.NewWork(w.Store, w.Codec, w.clock.Now, roster{staff: []string{w.anna, w.bo}})
	must(t, err)
	raiser, err := workcmd.NewRaiseReminderHandler(repo)
	must(t, err)
	e, err := work.NewReminderEngine(work.EngineConfig{DB: w.Pool, Raiser: raiser, Clock: w.clock.Now,
		Interval: 10 * time.Millisecond, Logger: projtest.QuietLogger()})
	must(t, err)
	return e
}
