package work_test

import (
	"bytes"
	"context"
	"slices"
	"testing"

	"github.com/google/uuid"

	"github.com/klient-crm/klient/commands/journal"
	workcmd "github.com/klient-crm/klient/commands/work"
	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/work"
)

func TestTaskLifecycleThroughTheHandlers(t *testing.T) {
	t.Parallel()
	w := newWorkWorld(t)
	ctx := context.Background()
	create := handler(t, workcmd.NewCreateTaskHandler, w)
	update := handler(t, workcmd.NewTaskUpdateHandler, w)
	status := handler(t, workcmd.NewTaskStatusHandler, w)
	cmd := workcmd.CreateTask{Actor: staff, TaskID: uuid.NewString(), Title: "Upprätta stämningsansökan",
		Assignee: work.StaffAssignee(w.anna), Due: "2026-04-01", MatterID: uuid.NewString()}
	created, err := create.Handle(ctx, cmd)
	must(t, err)
	again, err := create.Handle(ctx, cmd)
	must(t, err)
	if again != created || created.Version != 0 {
		t.Fatalf("retry answered %+v, first %+v", again, created)
	}
	res, err := update.HandleReassign(ctx, workcmd.ReassignTask{Actor: staff, TaskID: cmd.TaskID, ExpectedVersion: 0, Assignee: work.TeamAssignee("tvist")})
	must(t, err)
	res, err = update.HandleReschedule(ctx, workcmd.RescheduleTask{Actor: staff, TaskID: cmd.TaskID, ExpectedVersion: res.Version, Due: "2026-04-08"})
	must(t, err)
	_, err = update.HandleDetails(ctx, workcmd.ChangeTaskDetails{Actor: staff, TaskID: cmd.TaskID, ExpectedVersion: 0, Title: "x"})
	refusedWith(t, err, domain.KindConflict, "work.task.changed_meanwhile")
	res, err = status.HandleStart(ctx, workcmd.ChangeTaskStatus{Actor: staff, TaskID: cmd.TaskID, ExpectedVersion: res.Version})
	must(t, err)
	res, err = status.HandleComplete(ctx, workcmd.ChangeTaskStatus{Actor: staff, TaskID: cmd.TaskID, ExpectedVersion: res.Version})
	must(t, err)
	same, err := status.HandleComplete(ctx, workcmd.ChangeTaskStatus{Actor: staff, TaskID: cmd.TaskID, ExpectedVersion: res.Version})
	must(t, err)
	if same != res {
		t.Fatalf("completing twice answered %+v, then %+v", res, same)
	}
	want := []string{work.TypeTaskCreated, work.TypeTaskReassigned, work.TypeTaskRescheduled, work.TypeTaskStarted, work.TypeTaskCompleted}
	if got := w.types(t, work.TaskStreamName(cmd.TaskID)); !slices.Equal(got, want) {
		t.Fatalf("stream %v, want %v", got, want)
	}
}

// An impossible date and an unknown assignee are refused before anything
// reaches the log.
func TestTaskRefusalsWriteNothing(t *testing.T) {
	t.Parallel()
	w := newWorkWorld(t)
	ctx := context.Background()
	create := handler(t, workcmd.NewCreateTaskHandler, w)
	id := uuid.NewString()
	base := workcmd.CreateTask{Actor: staff, TaskID: id, Title: "Ring klienten", Assignee: work.StaffAssignee(w.anna), Due: "2026-04-01"}
	bad := base
	bad.Due = "2026-02-30"
	_, err := create.Handle(ctx, bad)
	refusedWith(t, err, domain.KindInvalid, "work.date.invalid")
	bad = base
	bad.Assignee = work.StaffAssignee(uuid.NewString())
	_, err = create.Handle(ctx, bad)
	refusedWith(t, err, domain.KindInvalid, "work.assignee.unknown")
	bad.Assignee = work.TeamAssignee("Skatt")
	_, err = create.Handle(ctx, bad)
	refusedWith(t, err, domain.KindInvalid, "work.assignee.unknown_team")
	bad.Assignee, bad.Actor = base.Assignee, journal.Actor{}
	_, err = create.Handle(ctx, bad)
	refusedWith(t, err, domain.KindForbidden, "auth.actor_required")
	if got := w.types(t, work.TaskStreamName(id)); len(got) != 0 {
		t.Fatalf("a refused task wrote %v", got)
	}
	w.roster.mu.Lock()
	w.roster.active = []string{w.bo} // Anna leaves the firm
	w.roster.mu.Unlock()
	_, err = create.Handle(ctx, base)
	refusedWith(t, err, domain.KindInvalid, "work.assignee.unknown")
}

// A task's text is sealed with an entry key the matter owns: the log never
// holds it in the clear, and shredding the matter's key erases it (the
// entry key goes with it) while the task can still be closed.
func TestTaskTextIsSealedWithTheMatterKey(t *testing.T) {
	t.Parallel()
	w := newWorkWorld(t)
	ctx := context.Background()
	matter := uuid.NewString()
	res, err := handler(t, workcmd.NewCreateTaskHandler, w).Handle(ctx, workcmd.CreateTask{Actor: staff,
		Title: "Förbered förhör med Tolvan Tolvansson", Description: "Vittnet Åsa Öberg, tel 070-123 45 67",
		Assignee: work.StaffAssignee(w.anna), Due: "2026-04-01", MatterID: matter})
	must(t, err)
	stored := w.storedData(t, work.TaskStreamName(res.ID))
	for _, clear := range []string{"Tolvan", "Öberg", "070-123", "förhör"} {
		if len(stored) != 1 || bytes.Contains(stored[0], []byte(clear)) {
			t.Fatalf("%q stored in the clear: %q", clear, stored)
		}
	}
	envs, err := w.store.ReadStream(ctx, work.TaskStreamName(res.ID), 0, 10)
	must(t, err)
	entryKey := domain.EntryKey(work.MatterSubject(matter), "task-"+res.ID)
	if !slices.Equal(envs[0].Metadata.Subjects, []string{work.MatterSubject(matter), entryKey}) {
		t.Fatalf("sealed for %v", envs[0].Metadata.Subjects)
	}
	_, err = w.keyring.Shred(ctx, work.MatterSubject(matter))
	must(t, err)
	_, err = handler(t, workcmd.NewTaskUpdateHandler, w).HandleDetails(ctx, workcmd.ChangeTaskDetails{Actor: staff, TaskID: res.ID, Title: "Ny"})
	refusedWith(t, err, domain.KindErased, "work.task.erased")
	_, err = handler(t, workcmd.NewTaskStatusHandler, w).HandleComplete(ctx, workcmd.ChangeTaskStatus{Actor: staff, TaskID: res.ID})
	must(t, err)
}
