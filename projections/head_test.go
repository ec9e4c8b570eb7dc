package projections_test

import (
	"context"
	"testing"

	"github.com/klient-crm/klient/projections"
)

// Head is the log's last event even while the store does not show it to
// its readers yet (PostgreSQL: an older transaction holds the horizon
// back): whoever waits for the read models to reach the head after an
// append (the retention job's rewrite of erased rows, the erasure's
// search for mentions, the CLI's catch-up) must not take a head short of
// what it just wrote.
func TestHeadIncludesWhatReadersCannotSeeYet(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := context.Background()
	rt := w.runtime(newTally(1))
	w.readable(w.appendTicks(1, 1))
	hold, err := w.pool.Begin(ctx)
	must(t, err)
	defer func() { _ = hold.Rollback(ctx) }()
	_, err = hold.Exec(ctx, `SELECT pg_current_xact_id()`) // an older transaction, open
	must(t, err)
	last := w.appendTicks(1, 1)
	head, err := rt.Head(ctx)
	must(t, err)
	if head != last {
		t.Errorf("Head = %s while an older transaction is open; want the event just appended, %s", head, last)
	}
}

// Head reads the log only past the read model furthest along: on a store
// that cannot count (EventStoreDB), one read model replaying from the
// start (a rebuild, a new one) must not make every page that waits for
// the head read the whole log.
func TestHeadReadsOnlyPastTheFurthestReadModel(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	last := w.appendTicks(3000, 500)
	w.readable(last)
	caughtUp := w.runtime(newTally(1))
	stop := start(t, caughtUp)
	waitFor(t, caughtUp, "tally", last)
	stop()

	store := &readCounter{Store: w.store}
	behind := &counter{name: "behind_from_start"}
	rt := w.runtimeOf(projections.Config{Store: store, Projectors: []projections.Projector{newTally(1), behind}})
	head, err := rt.Head(context.Background())
	must(t, err)
	if head != last {
		t.Errorf("Head = %s, want the last event %s", head, last)
	}
	// The log holds three pages of events; past the caught-up tally there
	// is nothing, which one read says.
	if n := store.reads.Load(); n != 1 {
		t.Errorf("Head read the log %d times with one read model at the start; want 1 (only past the furthest)", n)
	}
}
