package projections

import (
	"context"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/klient-crm/klient/eventstore"
)

// Compactor is an optional interface of a Projector whose rows change many
// times in a row during a catch-up (a matter is opened, checked, activated,
// given parties and closed within one batch): each change leaves a dead
// row version behind, faster than autovacuum reclaims it, and the table
// ends several times its live size. At a million events the matters table
// was 75 MB for 14 MB of rows, and every report that scans it took four
// times as long. The runtime compacts the tables named here once the
// projector has replayed a long stretch of the log and reached its head.
type Compactor interface {
	CompactTables() []string
}

// compaction is a runner's pending compaction: due once its checkpoint
// passes head, the log's end when it started that far behind.
type compaction struct {
	mu      sync.Mutex
	due     bool
	running bool
	head    eventstore.Position
}

// plan arms a compaction when the projector starts more than the
// runtime's CompactAfter events behind the log's head.
func (r *runner) planCompaction(ctx context.Context, from eventstore.Position) {
	if _, ok := r.p.(Compactor); !ok {
		return
	}
	lag, head, err := countAfter(ctx, r.cfg.Store, from)
	if err != nil || lag < uint64(r.cfg.CompactAfter) {
		return
	}
	r.compact.mu.Lock()
	defer r.compact.mu.Unlock()
	r.compact.due, r.compact.head = true, head
}

// compactIfDue compacts the projector's tables once last, the batch just
// applied, has reached the head noted when the catch-up began. It is
// attempted once, and its failure only logged: the read model stays
// correct, merely larger.
func (r *runner) compactIfDue(ctx context.Context, last eventstore.Position) {
	c, ok := r.p.(Compactor)
	if !ok {
		return
	}
	r.compact.mu.Lock()
	due := r.compact.due && last.AtLeast(r.compact.head)
	if due {
		r.compact.due, r.compact.running = false, true
	}
	r.compact.mu.Unlock()
	if due {
		r.compactNow(ctx, c)
		r.compact.mu.Lock()
		r.compact.running = false
		r.compact.mu.Unlock()
	}
}

// compacting reports whether a compaction is armed or under way.
func (r *runner) compacting() bool {
	r.compact.mu.Lock()
	defer r.compact.mu.Unlock()
	return r.compact.due || r.compact.running
}

// compactNow rewrites c's tables.
func (r *runner) compactNow(ctx context.Context, c Compactor) {
	began := time.Now()
	for _, table := range c.CompactTables() {
		// VACUUM FULL rewrites the table and its indexes, holding readers
		// off for as long (under a second for the matters at a million
		// events): once, right after a catch-up, when the read model was
		// not current anyway.
		id := pgx.Identifier{table}
		if r.schema != "" {
			id = pgx.Identifier{r.schema, table}
		}
		if _, err := r.cfg.Pool.Exec(ctx, "VACUUM (FULL, ANALYZE) "+id.Sanitize()); err != nil {
			r.log.Warn("cannot compact a read model's table after its catch-up", "projector", r.name, "table", table, "error", safeError(err))
			return
		}
	}
	r.log.Info("read model compacted after its catch-up", "projector", r.name, "took", time.Since(began).Round(time.Millisecond))
}
