package projections

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/klient-crm/klient/eventstore"
)

// Rebuild replays the whole log into a new read model for projector name,
// calling progress (if not nil) with events done out of total; total is 0
// until the log has been counted, which runs alongside. If no instance
// runs the projector, Rebuild empties its tables and replays into them
// here while holding its lock; otherwise it builds the new tables beside
// the serving ones and swaps them in once caught up (apply.go), so that
// readers never see a half-built read model. It returns once the read
// model has caught up with the log as it was readable when it began.
func (rt *Runtime) Rebuild(ctx context.Context, name string, progress func(done, total uint64)) error {
	r, err := rt.runner(name)
	if err != nil {
		return err
	}
	if progress == nil {
		progress = func(uint64, uint64) {}
	}
	size := countLog(ctx, rt.cfg.Store)
	// No lock means another instance runs the projector and replays it;
	// an error is no answer to that question (a refused connection was
	// once taken for a runner elsewhere, and the rebuild followed nobody).
	lock, err := tryLock(ctx, rt.cfg.Pool, name)
	if err != nil {
		return fmt.Errorf("projections: rebuild of %s: take its lock: %w", name, err)
	}
	if lock == nil {
		return rt.rebuildBeside(ctx, r, size, progress)
	}
	defer lock.release()
	if err := r.rewind(ctx); err != nil {
		return err
	}
	rt.cfg.Logger.Info("rebuild started", "projector", name, "here", true)
	progress(0, 0)
	return r.replay(ctx, size, progress)
}

// Rewind empties every projector's read model and moves its checkpoint to
// the start of the log, without replaying: the runners that Run starts
// afterwards replay all of them together, as a new server on an old log
// would (`klient projections catchup` measures that). Call it while no
// instance runs the projectors.
func (rt *Runtime) Rewind(ctx context.Context) error {
	for _, name := range rt.order {
		if err := rt.runners[name].rewind(ctx); err != nil {
			return fmt.Errorf("projections: rewind %s: %w", name, err)
		}
	}
	return nil
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

// clamp keeps done within total once total is known.
func clamp(done, total uint64, counted bool) uint64 {
	if counted {
		return min(done, total)
	}
	return done
}

// RebuildAll empties every read model and replays the log into all of
// them together, as a new server on an old log would: the runners share
// one reading of the log, which at a million events is about twice as
// fast as rebuilding them one after another. It calls progress (if not
// nil) with the events the slowest has applied out of the log's, and
// returns once every read model has reached the log's head and the
// runners have compacted the ones that ask for it. Call it while no
// instance runs the projectors (a restore does).
func (rt *Runtime) RebuildAll(ctx context.Context, progress func(done, total uint64)) error {
	if progress == nil {
		progress = func(uint64, uint64) {}
	}
	if err := rt.Rewind(ctx); err != nil {
		return err
	}
	total, head, err := countAfter(ctx, rt.cfg.Store, eventstore.Start)
	if err != nil {
		return err
	}
	run, stop := context.WithCancel(ctx)
	stopped := make(chan struct{})
	go func() { _ = rt.Run(run); close(stopped) }()
	defer func() { stop(); <-stopped }()
	for {
		slowest, atHead := total, true
		for _, name := range rt.order {
			c, _, err := readCheckpoint(ctx, rt.cfg.Pool, name)
			if err != nil {
				return err
			}
			if c.Status == StatusFailed {
				return fmt.Errorf("projections: rebuild of %s failed: %s", name, c.LastError)
			}
			slowest = min(slowest, c.EventsApplied)
			atHead = atHead && c.Position.AtLeast(head) && !rt.runners[name].compacting()
		}
		progress(slowest, total)
		if atHead {
			break
		}
		if !sleep(ctx, max(rt.cfg.PollInterval, 100*time.Millisecond)) {
			return fmt.Errorf("projections: rebuild of every read model: %w", ctx.Err())
		}
	}
	return nil
}
