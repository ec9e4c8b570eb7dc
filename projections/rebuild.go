package projections

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/klient-crm/klient/eventstore"
)

// Rebuild empties projector name's read model and replays the whole log
// into it, calling progress (if not nil) with events done out of total. If
// no instance runs the projector, Rebuild replays it here while holding its
// lock; otherwise it rewinds the checkpoint, lets the runner replay, and
// follows its progress. It returns once the read model has caught up with
// the log as it was when the rebuild began.
func (rt *Runtime) Rebuild(ctx context.Context, name string, progress func(done, total uint64)) error {
	r, err := rt.runner(name)
	if err != nil {
		return err
	}
	if progress == nil {
		progress = func(uint64, uint64) {}
	}
	total, head, err := countAfter(ctx, rt.cfg.Store, eventstore.Start)
	if err != nil {
		return err
	}
	lock, _ := tryLock(ctx, rt.cfg.Pool, name)
	if lock != nil {
		defer lock.release()
	}
	if err := r.rewind(ctx); err != nil {
		return err
	}
	rt.cfg.Logger.Info("rebuild started", "projector", name, "events", total, "here", lock != nil)
	progress(0, total)
	if lock != nil {
		return r.replay(ctx, head, total, progress)
	}
	r.stop(errRestart) // a no-op unless this instance runs it
	return rt.follow(ctx, name, head, total, progress)
}

// rewind drops and recreates the tables and moves the checkpoint to the
// start of the log, in one transaction.
func (r *runner) rewind(ctx context.Context) error {
	return pgx.BeginFunc(ctx, r.cfg.Pool, func(tx pgx.Tx) error {
		if _, err := lockOrCreateCheckpoint(ctx, tx, r.name); err != nil {
			return err
		}
		return resetReadModel(ctx, tx, r.p, StatusRebuilding)
	})
}

// follow polls the checkpoint of a projector another runner replays.
func (rt *Runtime) follow(ctx context.Context, name string, head eventstore.Position, total uint64, progress func(uint64, uint64)) error {
	for {
		c, _, err := readCheckpoint(ctx, rt.cfg.Pool, name)
		if err != nil {
			return err
		}
		progress(min(c.EventsApplied, total), total)
		if c.Position.AtLeast(head) && c.Status != StatusRebuilding {
			return nil
		}
		if c.Status == StatusFailed {
			return fmt.Errorf("projections: rebuild of %s failed: %s", name, c.LastError)
		}
		if !sleep(ctx, 250*time.Millisecond) {
			return fmt.Errorf("projections: rebuild of %s still running: %w", name, ctx.Err())
		}
	}
}
