package work_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/work"
)

func newDeadline() work.NewDeadline {
	return work.NewDeadline{MatterID: "m-1", Kind: "appeal_deadline", Date: "2026-04-20", Title: "Överklaga tingsrättens dom",
		Responsible: "staff-1", Reminders: []int{1, 7, 0}}
}

func TestDeadlineRemindersAreRaisedOnceEach(t *testing.T) {
	t.Parallel()
	d := new(work.Deadline)
	evs := applyTo(t, d)(d.Set("d-1", newDeadline()))
	if set := evs[0].(work.DeadlineSet); !slices.Equal(set.Reminders, []int{7, 1, 0}) || set.Subject != "matter-m-1" {
		t.Fatalf("set %+v", set)
	}
	before := time.Date(2026, time.April, 13, 5, 59, 0, 0, time.UTC) // 07:59 in Stockholm
	if due := d.DueReminders(before); len(due) != 0 {
		t.Fatalf("due before 08:00: %v", due)
	}
	at := before.Add(time.Minute)
	if none, err := d.RaiseReminder(1, at); err != nil || len(none) != 0 {
		t.Fatalf("a reminder not yet due decided %v, %v", none, err)
	}
	raised := applyTo(t, d)(d.RaiseReminder(0, at))[0].(work.ReminderRaised)
	if raised.DaysBefore != 7 || !raised.DueAt.Equal(at) {
		t.Fatalf("raised %+v", raised)
	}
	if again, err := d.RaiseReminder(0, at.Add(time.Hour)); err != nil || len(again) != 0 {
		t.Fatalf("raising twice decided %v, %v", again, err)
	}
	// Moving the deadline re-arms the reminders whose due time changed.
	moved := applyTo(t, d)(d.Move("2026-04-27", "10:00", []int{7, 1, 0}, "  Tingsrätten flyttade förhandlingen "))[0].(work.DeadlineMoved)
	if moved.Reason != "Tingsrätten flyttade förhandlingen" || moved.Subject == "" {
		t.Fatalf("moved %+v: want the trimmed reason, sealed for the matter", moved)
	}
	if due := d.DueReminders(time.Date(2026, time.April, 20, 6, 0, 0, 0, time.UTC)); !slices.Equal(due, []int{0}) {
		t.Fatalf("after the move, due %v", due)
	}
	applyTo(t, d)(d.Meet())
	if due := d.DueReminders(time.Date(2026, time.May, 1, 0, 0, 0, 0, time.UTC)); len(due) != 0 {
		t.Fatalf("a met deadline still has reminders due: %v", due)
	}
	_, err := d.Move("2026-05-01", "", []int{1}, "")
	refusedWith(t, err, domain.KindInvalid, "work.deadline.closed")
	_, err = d.RaiseReminder(5, at)
	refusedWith(t, err, domain.KindInvalid, "work.reminder.unknown")
}

func TestDeadlineRefusals(t *testing.T) {
	t.Parallel()
	in := newDeadline()
	in.Date, in.Reminders = "2026-02-30", []int{366}
	_, err := new(work.Deadline).Set("d-1", in)
	refusedWith(t, err, domain.KindInvalid, "work.date.invalid")
	in = newDeadline()
	in.MatterID, in.Kind, in.Time = "", "hearing", "25:00"
	_, err = new(work.Deadline).Set("d-1", in)
	refusedWith(t, err, domain.KindInvalid, "work.deadline.matter_required")
	_, err = work.NormaliseReminders("r", []int{3, 3})
	refusedWith(t, err, domain.KindInvalid, "work.reminders.duplicate")
	_, err = work.NormaliseReminders("r", nil)
	refusedWith(t, err, domain.KindInvalid, "work.reminders.required")
	d := new(work.Deadline)
	applyTo(t, d)(d.Set("d-1", newDeadline()))
	other := newDeadline()
	other.Date = "2026-04-21"
	_, err = d.Set("d-1", other)
	refusedWith(t, err, domain.KindConflict, "work.deadline.id.taken")
	_, err = d.Move("2026-04-22", "", []int{1}, strings.Repeat("skäl ", 101))
	refusedWith(t, err, domain.KindInvalid, "work.text.too_long")
	_, err = d.Cancel("förlikning\u202etxt.exe")
	refusedWith(t, err, domain.KindInvalid, "work.text.control")
	cancelled := applyTo(t, d)(d.Cancel("Parterna har förlikts"))[0].(work.DeadlineCancelled)
	if cancelled.Reason != "Parterna har förlikts" || cancelled.Subject == "" {
		t.Fatalf("cancelled %+v", cancelled)
	}
}
