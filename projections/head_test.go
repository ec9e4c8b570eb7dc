package projections_test

import (
	"context"
	"testing"
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
