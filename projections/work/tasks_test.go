package work_test

import (
	"context"
	"slices"
	"testing"

	workcmd "github.com/klient-crm/klient/commands/work"
	domainwork "github.com/klient-crm/klient/domain/work"
	"github.com/klient-crm/klient/projections/work"
)

func TestTaskViews(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	matter := newID()
	late := w.task("Begär anstånd", domainwork.StaffAssignee(w.anna), "2026-03-10", "normal", matter)
	urgent := w.task("Svara på föreläggande", domainwork.StaffAssignee(w.anna), "2026-03-20", "urgent", matter)
	routine := w.task("Arkivera akten", domainwork.StaffAssignee(w.anna), "2026-03-20", "low", "")
	team := w.task("Bevaka dom", domainwork.TeamAssignee("tvist"), "2026-03-12", "high", matter)
	bos := w.task("Boka lokal", domainwork.StaffAssignee(w.bo), "2026-03-01", "", "")
	done := w.task("Skicka faktura", domainwork.StaffAssignee(w.anna), "2026-03-01", "", matter)
	_, err := w.status().HandleComplete(context.Background(), workcmd.ChangeTaskStatus{Actor: w.actor, TaskID: done})
	must(t, err)
	w.Run()
	w.caughtUp()
	ctx := context.Background()
	today := domainwork.NewDate(2026, 3, 16)

	mine, err := work.MyTasks(ctx, w.Pool, w.anna, []string{"tvist"}, 0)
	must(t, err)
	if got, want := taskIDs(mine), []string{late, team, urgent, routine}; !slices.Equal(got, want) {
		t.Fatalf("my tasks %v, want %v (by due date, then urgency)", got, want)
	}
	if m := mine[0]; m.Title != "Begär anstånd" || m.Description != "Detaljer om Begär anstånd" || !m.Overdue(today) || m.CreatedBy != w.anna {
		t.Fatalf("first task %+v", m)
	}
	// A page of the list is its head, whatever assignee each task has.
	firstTwo, err := work.MyTasks(ctx, w.Pool, w.anna, []string{"tvist"}, 2)
	must(t, err)
	if got := taskIDs(firstTwo); !slices.Equal(got, []string{late, team}) {
		t.Fatalf("my first two tasks %v, want %v", got, []string{late, team})
	}
	onlyMine, err := work.MyTasks(ctx, w.Pool, w.anna, nil, 0)
	must(t, err)
	if len(onlyMine) != 3 {
		t.Fatalf("without teams %v", taskIDs(onlyMine))
	}
	teamTasks, err := work.TeamTasks(ctx, w.Pool, "tvist")
	must(t, err)
	if got := taskIDs(teamTasks); !slices.Equal(got, []string{team}) {
		t.Fatalf("team tasks %v", got)
	}
	onMatter, err := work.ForMatter(ctx, w.Pool, matter)
	must(t, err)
	if got := taskIDs(onMatter.Tasks); !slices.Equal(got, []string{done, late, team, urgent}) {
		t.Fatalf("matter tasks %v", got)
	}
	closed, err := work.GetTask(ctx, w.Pool, done)
	must(t, err)
	if closed.Status != domainwork.TaskStatusDone || closed.ClosedAt.IsZero() || closed.Version != 1 {
		t.Fatalf("done task %+v", closed)
	}
	if _, err := work.GetTask(ctx, w.Pool, bos); err != nil {
		t.Fatal(err)
	}
}

func TestTaskChangesReachTheViews(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	w.Run()
	id := w.task("Ring motparten", domainwork.StaffAssignee(w.anna), "2026-03-20", "", "")
	ctx := context.Background()
	update, err := workcmd.NewTaskUpdateHandler(w.work)
	must(t, err)
	res, err := update.HandleReassign(ctx, workcmd.ReassignTask{Actor: w.actor, TaskID: id, Assignee: domainwork.TeamAssignee("tvist")})
	must(t, err)
	res, err = update.HandleReschedule(ctx, workcmd.RescheduleTask{Actor: w.actor, TaskID: id, ExpectedVersion: res.Version, Due: "2026-03-25"})
	must(t, err)
	_, err = update.HandleDetails(ctx, workcmd.ChangeTaskDetails{Actor: w.actor, TaskID: id, ExpectedVersion: res.Version,
		Title: "Ring motpartens ombud", Priority: "high"})
	must(t, err)
	w.caughtUp()
	got, err := work.GetTask(ctx, w.Pool, id)
	must(t, err)
	if got.Assignee != domainwork.TeamAssignee("tvist") || got.Due.String() != "2026-03-25" || got.Title != "Ring motpartens ombud" ||
		got.Description != "" || got.Priority != domainwork.PriorityHigh || got.Version != 3 {
		t.Fatalf("task %+v", got)
	}
	if mine, _ := work.MyTasks(ctx, w.Pool, w.anna, nil, 0); len(mine) != 0 {
		t.Fatalf("a task given to the team is still Anna's own: %v", taskIDs(mine))
	}
}
