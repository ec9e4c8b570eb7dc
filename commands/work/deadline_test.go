package work_test

import (
	"bytes"
	"context"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	workcmd "github.com/klient-crm/klient/commands/work"
	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/work"
)

func setDeadline(t *testing.T, w *workWorld, date string, reminders ...int) workcmd.WorkResult {
	t.Helper()
	res, err := handler(t, workcmd.NewSetDeadlineHandler, w).Handle(context.Background(), workcmd.SetDeadline{Actor: staff,
		MatterID: uuid.NewString(), Kind: "appeal_deadline", Date: date, Title: "Överklagande av Tolvans dom",
		Responsible: w.anna, Reminders: reminders})
	must(t, err)
	return res
}

func TestDeadlineLifecycle(t *testing.T) {
	t.Parallel()
	w := newWorkWorld(t)
	ctx := context.Background()
	res := setDeadline(t, w, "2026-04-20", 7, 1)
	if data := w.storedData(t, work.DeadlineStreamName(res.ID)); bytes.Contains(data[0], []byte("Tolvan")) {
		t.Fatalf("the title is stored in the clear: %s", data[0])
	}
	update := handler(t, workcmd.NewDeadlineUpdateHandler, w)
	moved, err := update.HandleMove(ctx, workcmd.MoveDeadline{Actor: staff, DeadlineID: res.ID, ExpectedVersion: res.Version,
		Date: "2026-04-27", Time: "09:30", Reminders: []int{14, 1}})
	must(t, err)
	_, err = update.HandleMove(ctx, workcmd.MoveDeadline{Actor: staff, DeadlineID: res.ID, ExpectedVersion: moved.Version, Date: "2026-02-30", Reminders: []int{1}})
	refusedWith(t, err, domain.KindInvalid, "work.date.invalid")
	met, err := update.HandleMeet(ctx, workcmd.CloseDeadline{Actor: staff, DeadlineID: res.ID, ExpectedVersion: moved.Version})
	must(t, err)
	_, err = update.HandleCancel(ctx, workcmd.CloseDeadline{Actor: staff, DeadlineID: res.ID, ExpectedVersion: met.Version})
	refusedWith(t, err, domain.KindInvalid, "work.deadline.closed")
	want := []string{work.TypeDeadlineSet, work.TypeDeadlineMoved, work.TypeDeadlineMet}
	if got := w.types(t, work.DeadlineStreamName(res.ID)); !slices.Equal(got, want) {
		t.Fatalf("stream %v, want %v", got, want)
	}
}

func TestDeadlineRefusalsWriteNothing(t *testing.T) {
	t.Parallel()
	w := newWorkWorld(t)
	h := handler(t, workcmd.NewSetDeadlineHandler, w)
	id := uuid.NewString()
	cmd := workcmd.SetDeadline{Actor: staff, DeadlineID: id, MatterID: uuid.NewString(), Kind: "court_date",
		Date: "2026-02-30", Title: "Huvudförhandling", Responsible: w.anna, Reminders: []int{1}}
	_, err := h.Handle(context.Background(), cmd)
	refusedWith(t, err, domain.KindInvalid, "work.date.invalid")
	cmd.Date, cmd.Responsible = "2026-03-02", uuid.NewString()
	_, err = h.Handle(context.Background(), cmd)
	refusedWith(t, err, domain.KindInvalid, "work.assignee.unknown")
	cmd.Responsible, cmd.Reminders = w.anna, []int{400}
	_, err = h.Handle(context.Background(), cmd)
	refusedWith(t, err, domain.KindInvalid, "work.reminders.range")
	if got := w.types(t, work.DeadlineStreamName(id)); len(got) != 0 {
		t.Fatalf("a refused deadline wrote %v", got)
	}
}

// Many callers raising the same reminder at once append it exactly once;
// the losers decide again on the winner's event and find nothing to do.
func TestReminderRaisedOnceUnderConcurrency(t *testing.T) {
	t.Parallel()
	w := newWorkWorld(t)
	res := setDeadline(t, w, "2026-03-20", 7, 1) // today is 15 March: the 7-day reminder is due
	raise := handler(t, workcmd.NewRaiseReminderHandler, w)
	const callers = 8
	raised := make([]bool, callers)
	errs := make([]error, callers)
	var wg sync.WaitGroup
	for i := range callers {
		wg.Go(func() { raised[i], errs[i] = raise.RaiseReminder(context.Background(), res.ID, 0) })
	}
	wg.Wait()
	winners := 0
	for i := range callers {
		must(t, errs[i])
		if raised[i] {
			winners++
		}
	}
	if winners != 1 {
		t.Fatalf("%d callers raised the reminder", winners)
	}
	notYet, err := raise.RaiseReminder(context.Background(), res.ID, 1)
	must(t, err)
	w.now = time.Date(2026, time.March, 19, 7, 0, 0, 0, time.UTC)
	later, err := raise.RaiseReminder(context.Background(), res.ID, 1)
	must(t, err)
	if notYet || !later {
		t.Fatalf("the 1-day reminder: raised %t before due, %t when due", notYet, later)
	}
	want := []string{work.TypeDeadlineSet, work.TypeReminderRaised, work.TypeReminderRaised}
	if got := w.types(t, work.DeadlineStreamName(res.ID)); !slices.Equal(got, want) {
		t.Fatalf("stream %v, want %v", got, want)
	}
}

// Whether a deadline concerns the client (issue 15: only those are
// reminded to the client) is written on every new deadline, by its kind
// when not given — a court date yes, a filing no (docs/architecture.md) —
// and changed by an edit as its own event, once.
func TestDeadlineConcernsClient(t *testing.T) {
	t.Parallel()
	w := newWorkWorld(t)
	ctx := context.Background()
	set := handler(t, workcmd.NewSetDeadlineHandler, w)
	for _, c := range []struct {
		kind  string
		given *bool
		want  string
	}{
		{"court_date", nil, `"concerns_client":true`},
		{"filing", nil, `"concerns_client":false`},
		{"other", ptr(true), `"concerns_client":true`},
		{"appeal_deadline", ptr(false), `"concerns_client":false`},
	} {
		res, err := set.Handle(ctx, workcmd.SetDeadline{Actor: staff, MatterID: uuid.NewString(), Kind: c.kind,
			Date: "2026-05-04", Title: "Inlaga", Responsible: w.anna, Reminders: []int{1}, ConcernsClient: c.given})
		must(t, err)
		if data := w.storedData(t, work.DeadlineStreamName(res.ID)); !bytes.Contains(data[0], []byte(c.want)) {
			t.Fatalf("%s (given %v): the event says %s, want %s", c.kind, c.given, data[0], c.want)
		}
	}
	res, err := set.Handle(ctx, workcmd.SetDeadline{Actor: staff, MatterID: uuid.NewString(), Kind: "filing",
		Date: "2026-05-04", Title: "Inlaga", Responsible: w.anna, Reminders: []int{1}})
	must(t, err)
	update := handler(t, workcmd.NewDeadlineUpdateHandler, w)
	marked, err := update.HandleMove(ctx, workcmd.MoveDeadline{Actor: staff, DeadlineID: res.ID, ExpectedVersion: res.Version,
		Date: "2026-05-04", Reminders: []int{1}, ConcernsClient: ptr(true)})
	must(t, err)
	again, err := update.HandleMove(ctx, workcmd.MoveDeadline{Actor: staff, DeadlineID: res.ID, ExpectedVersion: marked.Version,
		Date: "2026-05-04", Reminders: []int{1}, ConcernsClient: ptr(true)})
	must(t, err)
	both, err := update.HandleMove(ctx, workcmd.MoveDeadline{Actor: staff, DeadlineID: res.ID, ExpectedVersion: again.Version,
		Date: "2026-05-11", Reminders: []int{1}, ConcernsClient: ptr(false)})
	must(t, err)
	want := []string{work.TypeDeadlineSet, work.TypeDeadlineConcern, work.TypeDeadlineMoved, work.TypeDeadlineConcern}
	if got := w.types(t, work.DeadlineStreamName(res.ID)); !slices.Equal(got, want) || both.Version != 3 {
		t.Fatalf("stream %v (version %d), want %v", got, both.Version, want)
	}
}

func ptr[T any](v T) *T { return &v }
