package work_test

import (
	"context"
	"slices"
	"testing"

	workcmd "github.com/klient-crm/klient/commands/work"
	domainwork "github.com/klient-crm/klient/domain/work"
	"github.com/klient-crm/klient/projections/work"
)

// keysOf destroys keys straight through the world's key ring.
type keysOf struct{ w *world }

func (k keysOf) ShredKey(ctx context.Context, subject string) error {
	_, err := k.w.Keys.Shred(ctx, subject)
	return err
}

// A redacted deadline rebuilds as it was (docs/gdpr.md, "Entry keys"):
// the events before the redaction no longer open, and the redaction
// restates the title and each reason in its place, so the rebuilt read
// model lists the same title and reasons, a blank one included. Shredding
// the matter's key afterwards still blanks the deadline's text.
func TestARedactedDeadlineRebuildsAsItWas(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := context.Background()
	matter := newID()
	d := w.deadline(matter, "Förhör med Tolvan", "2026-03-30", "", 1)
	update, err := workcmd.NewDeadlineUpdateHandler(w.work)
	must(t, err)
	res, err := update.HandleMove(ctx, workcmd.MoveDeadline{Actor: w.actor, DeadlineID: d, ExpectedVersion: 0, Date: "2026-04-02",
		Reminders: []int{1}, Reason: "Tolvan är sjuk"})
	must(t, err)
	res, err = update.HandleMove(ctx, workcmd.MoveDeadline{Actor: w.actor, DeadlineID: d, ExpectedVersion: res.Version, Date: "2026-04-03",
		Reminders: []int{1}})
	must(t, err)
	res, err = update.HandleMove(ctx, workcmd.MoveDeadline{Actor: w.actor, DeadlineID: d, ExpectedVersion: res.Version, Date: "2026-04-06",
		Reminders: []int{1}, Reason: "Rätten bad om mer tid"})
	must(t, err)
	redact, err := workcmd.NewRedactDeadlineHandler(w.work, keysOf{w})
	must(t, err)
	_, err = redact.Handle(ctx, workcmd.RedactDeadlineText{Actor: w.actor, DeadlineID: d, ExpectedVersion: res.Version,
		Title: "Förhör", Reasons: []string{"", "Rätten bad om mer tid"}})
	must(t, err)
	w.Run()
	w.caughtUp()
	live, erased, err := work.DeadlineTextOf(ctx, w.Pool, d)
	must(t, err)
	if erased || live.Title != "Förhör" || !slices.Equal(live.Reasons, []string{"", "Rätten bad om mer tid"}) {
		t.Fatalf("after the redaction: %+v (erased %v)", live, erased)
	}
	must(t, w.RT.Rebuild(ctx, "work", nil))
	w.caughtUp()
	rebuilt, erased, err := work.DeadlineTextOf(ctx, w.Pool, d)
	must(t, err)
	if erased || rebuilt.Title != live.Title || !slices.Equal(rebuilt.Reasons, live.Reasons) {
		t.Fatalf("rebuilt: %+v (erased %v), live %+v", rebuilt, erased, live)
	}

	_, err = w.Keys.Shred(ctx, domainwork.MatterSubject(matter))
	must(t, err)
	must(t, w.RT.Rebuild(ctx, "work", nil))
	w.caughtUp()
	gone, erased, err := work.DeadlineTextOf(ctx, w.Pool, d)
	must(t, err)
	if !erased || gone.Title != "" || len(gone.Reasons) != 0 {
		t.Errorf("after the matter's key went: %+v (erased %v)", gone, erased)
	}
}
