package projections

import (
	"context"
	"sync"

	"github.com/klient-crm/klient/eventstore"
)

// A read model replaying the log from its start — its first run on a log
// already written, a new version, `klient projections catchup`, an offline
// rebuild — holds only part of what happened until it reaches the log's
// head. All that while its checkpoint says StatusRebuilding, so that pages
// show their banner and the analysts' views (projections/reporting) refuse
// to answer rather than count a third of the contacts as if that were all.
// Its runner used to write "running" at its start and at every batch, so
// the mark lasted only until the first batch.

// rebuildEnd is the head of the log a rebuilding runner must reach: the
// log's last event when the runner started.
type rebuildEnd struct {
	mu    sync.Mutex
	known bool
	head  eventstore.Position
}

func (e *rebuildEnd) set(head eventstore.Position) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.known, e.head = true, head
}

func (e *rebuildEnd) forget() {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.known = false
}

// reachedBy reports whether a batch ending at last completes the rebuild;
// while the end is unknown (a replay in this process, which says so
// itself when it ends) it does not.
func (e *rebuildEnd) reachedBy(last eventstore.Position) bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.known && last.AtLeast(e.head)
}

// startStatus is the status a runner records as it starts from checkpoint
// c: running, unless the read model is rebuilding and the log goes on past
// c, in which case it stays rebuilding until a batch reaches today's head.
func (r *runner) startStatus(ctx context.Context, c checkpoint) (string, error) {
	r.rebuild.forget()
	if c.Status != StatusRebuilding {
		return StatusRunning, nil
	}
	lag, head, err := countAfter(ctx, r.cfg.Store, c.Position)
	if err != nil {
		return "", err
	}
	if lag == 0 {
		return StatusRunning, nil
	}
	r.rebuild.set(head)
	return StatusRebuilding, nil
}

// batchStatus is the status the checkpoint takes with a batch ending at
// last, from status before it.
func (r *runner) batchStatus(before string, last eventstore.Position) string {
	if before != StatusRebuilding || r.rebuild.reachedBy(last) {
		return StatusRunning
	}
	return StatusRebuilding
}
