package work_test

import (
	"slices"
	"testing"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/work"
)

func newTask() work.NewTask {
	return work.NewTask{Title: "Ring klienten", Description: "Om förlikningen;\nsvar senast fredag", Assignee: work.StaffAssignee("staff-1"),
		Due: "2026-04-01", Priority: "high", MatterID: "m-1"}
}

func TestTaskLifecycle(t *testing.T) {
	t.Parallel()
	task := new(work.Task)
	evs := applyTo(t, task)(task.Create("t-1", newTask()))
	created := evs[0].(work.TaskCreated)
	if created.Subject != "matter-m-1" || created.Priority != work.PriorityHigh || created.Due.String() != "2026-04-01" {
		t.Fatalf("created %+v", created)
	}
	again, err := task.Create("t-1", newTask())
	if err != nil || len(again) != 0 {
		t.Fatalf("a retry decided %v, %v", again, err)
	}
	clash := newTask()
	clash.Title = "Något annat"
	_, err = task.Create("t-1", clash)
	refusedWith(t, err, domain.KindConflict, "work.task.id.taken")

	applyTo(t, task)(task.Reassign(work.TeamAssignee(" Tvist ")))
	applyTo(t, task)(task.Reschedule("2026-04-03"))
	applyTo(t, task)(task.Start())
	applyTo(t, task)(task.Complete())
	if none, err := task.Complete(); err != nil || len(none) != 0 {
		t.Fatalf("completing twice decided %v, %v", none, err)
	}
	_, err = task.Reschedule("2026-05-01")
	refusedWith(t, err, domain.KindInvalid, "work.task.closed")
	_, err = task.Cancel()
	refusedWith(t, err, domain.KindInvalid, "work.task.closed")
	applyTo(t, task)(task.Reopen())
	applyTo(t, task)(task.Cancel())
	if task.Status() != work.TaskStatusCancelled || task.Assignee() != work.TeamAssignee("tvist") || task.Due().String() != "2026-04-03" || task.Version() != 6 {
		t.Fatalf("task ended %v %+v %s v%d", task.Status(), task.Assignee(), task.Due(), task.Version())
	}
}

func TestTaskCreationReportsEveryProblem(t *testing.T) {
	t.Parallel()
	in := work.NewTask{Title: " ", Assignee: work.Assignee{Staff: "s", Team: "tvist"}, Due: "2026-02-30", Priority: "asap", MatterID: "no spaces"}
	_, err := new(work.Task).Create("t-1", in)
	refusedWith(t, err, domain.KindInvalid, "work.text.required")
	var codes []string
	for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
		codes = append(codes, e.(*domain.Error).Code)
	}
	want := []string{"work.text.required", "work.assignee.both", "work.date.invalid", "work.priority.unknown", "work.link.format"}
	if !slices.Equal(codes, want) {
		t.Fatalf("codes %v, want %v", codes, want)
	}
}

// The key that seals a task's text is the matter's, else the contact's,
// else the task's own.
func TestTaskTextSubject(t *testing.T) {
	t.Parallel()
	cases := map[string]work.NewTask{
		"matter-m-1": {MatterID: "m-1", ContactID: "c-1"},
		"c-1":        {ContactID: "c-1"},
		"task-t-1":   {},
	}
	for want, links := range cases {
		in := newTask()
		in.MatterID, in.ContactID = links.MatterID, links.ContactID
		evs, err := new(work.Task).Create("t-1", in)
		must(t, err)
		if got := evs[0].(work.TaskCreated).Subject; got != want {
			t.Errorf("links %+v sealed with %q, want %q", links, got, want)
		}
	}
}

func TestErasedTaskKeepsWorkingWithoutItsText(t *testing.T) {
	t.Parallel()
	created, err := new(work.Task).Create("t-1", newTask())
	must(t, err)
	task := new(work.Task)
	ev := created[0].(work.TaskCreated)
	ev.Text = work.TaskText{}
	task.ApplyErased(ev)
	_, err = task.ChangeDetails("Ny titel", "", "")
	refusedWith(t, err, domain.KindErased, "work.task.erased")
	applyTo(t, task)(task.Complete())
	_, err = new(work.Task).Complete()
	refusedWith(t, err, domain.KindNotFound, "work.task.not_found")
}
