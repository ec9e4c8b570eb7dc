package work_test

import (
	"context"
	"slices"
	"testing"

	"github.com/jackc/pgx/v5"

	workcmd "github.com/klient-crm/klient/commands/work"
	domainwork "github.com/klient-crm/klient/domain/work"
	"github.com/klient-crm/klient/eventstore"
	"github.com/klient-crm/klient/projections/work"
)

// Applying the same events again, or older events after newer ones,
// changes nothing.
func TestApplyIsIdempotent(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := context.Background()
	matter := newID()
	task := w.task("Ring klienten", domainwork.StaffAssignee(w.anna), "2026-03-20", "", matter)
	_, err := w.status().HandleComplete(ctx, workcmd.ChangeTaskStatus{Actor: w.actor, TaskID: task})
	must(t, err)
	d := w.deadline(matter, "Frist", "2026-03-18", "", 7, 3, 1)
	update, err := workcmd.NewDeadlineUpdateHandler(w.work)
	must(t, err)
	_, err = update.HandleMove(ctx, workcmd.MoveDeadline{Actor: w.actor, DeadlineID: d, Date: "2026-03-19", Reminders: []int{5}})
	must(t, err)
	w.Run()
	w.caughtUp()
	_, err = w.engine(t).Tick(ctx)
	must(t, err)
	w.caughtUp()
	before := tables(t, w)

	decoded := history(t, w)
	want := []string{domainwork.TypeTaskCreated, domainwork.TypeTaskCompleted, domainwork.TypeDeadlineSet,
		domainwork.TypeDeadlineMoved, domainwork.TypeReminderRaised}
	if got := types(decoded); !slices.Equal(got, want) {
		t.Fatalf("history %v, want %v", got, want)
	}
	p := work.NewProjector()
	apply := func(batch ...eventstore.Decoded) {
		must(t, pgx.BeginFunc(ctx, w.Pool, func(tx pgx.Tx) error { return p.Apply(ctx, tx, batch) }))
	}
	apply(decoded...)             // the whole history again
	apply(decoded[1], decoded[0]) // the completion, then the creation
	apply(decoded[2])             // the deadline as first set, with three reminders
	if after := tables(t, w); after != before {
		t.Fatalf("replay changed the read model:\n before %s\n after  %s", before, after)
	}
}

// Shredding the matter's key erases the text of its tasks and deadlines
// from a rebuilt read model; the rest of the work stays.
func TestErasedMatterBlanksItsWork(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := context.Background()
	matter := newID()
	task := w.task("Ring Tolvan Tolvansson", domainwork.StaffAssignee(w.anna), "2026-03-20", "", matter)
	d := w.deadline(matter, "Tolvans överklagande", "2026-03-30", "", 1)
	own := w.task("Beställ pärmar", domainwork.StaffAssignee(w.anna), "2026-03-20", "", "")
	w.Run()
	w.caughtUp()
	_, err := w.Keys.Shred(ctx, domainwork.MatterSubject(matter))
	must(t, err)
	must(t, w.RT.Rebuild(ctx, "work", nil))
	w.caughtUp()
	gone, err := work.GetTask(ctx, w.Pool, task)
	must(t, err)
	dl, err := work.GetDeadline(ctx, w.Pool, d)
	must(t, err)
	kept, err := work.GetTask(ctx, w.Pool, own)
	must(t, err)
	if !gone.Erased || gone.Title != "" || gone.Description != "" || gone.Due.String() != "2026-03-20" {
		t.Fatalf("task of an erased matter %+v", gone)
	}
	if !dl.Erased || dl.Title != "" || len(dl.Reminders) != 1 {
		t.Fatalf("deadline of an erased matter %+v", dl)
	}
	if kept.Erased || kept.Title != "Beställ pärmar" {
		t.Fatalf("an internal task was erased with the matter: %+v", kept)
	}
}

func history(t *testing.T, w *world) []eventstore.Decoded {
	t.Helper()
	envs, err := w.Store.ReadAll(context.Background(), eventstore.Start, 1000)
	must(t, err)
	var out []eventstore.Decoded
	for _, env := range envs {
		d, err := w.Codec.Decode(context.Background(), env)
		must(t, err)
		out = append(out, d)
	}
	return out
}

func types(ds []eventstore.Decoded) []string {
	var out []string
	for _, d := range ds {
		out = append(out, d.Type)
	}
	return out
}

func tables(t *testing.T, w *world) string {
	t.Helper()
	var s string
	must(t, w.Pool.QueryRow(context.Background(), `SELECT
		(SELECT json_agg(x ORDER BY id) FROM tasks_v1 x)::text || (SELECT json_agg(x ORDER BY id) FROM deadlines_v1 x)::text ||
		(SELECT json_agg(x ORDER BY deadline_id, idx) FROM reminders_v1 x)::text`).Scan(&s))
	return s
}
