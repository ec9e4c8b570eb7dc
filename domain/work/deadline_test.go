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

// A deadline's title and reasons are sealed with an entry key of its own,
// owned by the matter; a redaction restates the title and every reason in
// its place under the next generation's key and names the key it replaces
// (docs/gdpr.md, "Entry keys"). A deadline set before entry keys shares the
// matter's key and is refused.
func TestDeadlineRedactionMovesItsTextToANewEntryKey(t *testing.T) {
	t.Parallel()
	d := new(work.Deadline)
	set := applyTo(t, d)(d.Set("d-1", newDeadline()))[0].(work.DeadlineSet)
	first := domain.EntryKey("matter-m-1", "deadline-d-1")
	if set.TextSubject != first {
		t.Fatalf("the title is sealed with %q, want %q", set.TextSubject, first)
	}
	moved := applyTo(t, d)(d.Move("2026-04-27", "", []int{1}, "Zoltrix är sjuk"))[0].(work.DeadlineMoved)
	applyTo(t, d)(d.Move("2026-04-28", "", []int{1}, ""))
	cancelled := applyTo(t, d)(d.Cancel("Förlikning"))[0].(work.DeadlineCancelled)
	if moved.TextSubject != first || cancelled.TextSubject != first {
		t.Fatalf("the reasons are sealed with %q and %q, want %q", moved.TextSubject, cancelled.TextSubject, first)
	}
	_, err := d.RedactText("Överklaga", []string{"[raderad person] är sjuk"})
	refusedWith(t, err, domain.KindInvalid, "work.deadline.redact.reasons")
	r := applyTo(t, d)(d.RedactText("Överklaga", []string{"[raderad person] är sjuk", "Förlikning"}))[0].(work.DeadlineTextRedacted)
	if r.Replaced != first || r.TextSubject != domain.EntryKey("matter-m-1", "deadline-d-1.1") ||
		!slices.Equal(r.Versions, []uint64{1, 3}) || r.Text.Title != "Överklaga" {
		t.Fatalf("redacted: %+v", r)
	}
	if d.Title() != "Överklaga" || d.Status() != work.DeadlineStatusCancelled || !slices.Equal(d.RetiredKeys(), []string{first}) {
		t.Fatalf("after the redaction: %q, %s, retired %v", d.Title(), d.Status(), d.RetiredKeys())
	}
	again := applyTo(t, d)(d.RedactText("Överklaga domen", []string{"Sjukdom", "Förlikning"}))[0].(work.DeadlineTextRedacted)
	if again.Replaced != r.TextSubject || !slices.Equal(again.Versions, []uint64{1, 3}) {
		t.Fatalf("a second redaction: %+v", again)
	}

	// Replayed after the redaction, the earlier events' text no longer
	// opens (ApplyErased); the redaction's does, and counts the reasons.
	replayed := new(work.Deadline)
	blank := set
	blank.Title = ""
	replayed.ApplyErased(blank)
	replayed.ApplyErased(work.DeadlineMoved{DeadlineID: "d-1", Date: moved.Date, Reminders: moved.Reminders, TextSubject: first})
	replayed.Apply(work.DeadlineMoved{DeadlineID: "d-1", Date: moved.Date, Reminders: moved.Reminders, TextSubject: first})
	replayed.ApplyErased(work.DeadlineCancelled{DeadlineID: "d-1", TextSubject: first})
	replayed.Apply(r)
	if _, err := replayed.RedactText("Överklaga", []string{"a", "b"}); err != nil {
		t.Errorf("a redaction of the replayed deadline: %v", err)
	}

	old := new(work.Deadline)
	v1 := set
	v1.TextSubject = v1.Subject
	old.Apply(v1)
	_, err = old.RedactText("Överklaga", nil)
	refusedWith(t, err, domain.KindConflict, "work.deadline.redact.shared_key")
}
