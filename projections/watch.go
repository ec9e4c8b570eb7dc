package projections

import (
	"context"
	"time"
)

// watch checks, every LockRetry while the router runs, that the lock's
// connection still stands and that nobody rewound the checkpoint (a
// rebuild started from another process): an idle subscription would not
// notice either on its own.
func (r *runner) watch(ctx context.Context, lock *projectorLock) {
	t := time.NewTicker(r.cfg.LockRetry)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		if err := lock.alive(ctx); err != nil {
			if ctx.Err() == nil {
				r.stop(errLockLost)
			}
			return
		}
		if r.rewound(ctx) {
			r.log.Info("checkpoint rewound by a rebuild: resubscribing", "projector", r.name)
			r.stop(errRestart)
			return
		}
	}
}

// waitWhileFailed keeps a failed projector stopped, its lock held, until
// shutdown (false) or until a rebuild rewinds it, here or from another
// process (true: run again).
func (r *runner) waitWhileFailed(ctx context.Context, lock *projectorLock) bool {
	for {
		select {
		case <-ctx.Done():
			return false
		case <-r.kick:
		case <-time.After(r.cfg.LockRetry):
		}
		if lock.alive(ctx) != nil {
			return false
		}
		c, found, err := readCheckpoint(ctx, r.cfg.Pool, r.name)
		if err == nil && found && c.Status != StatusFailed {
			return true
		}
	}
}

// rewound reports whether the stored checkpoint is behind what this runner
// committed, or holds another version. The in-process position is read
// first: the stored one can only have moved forward since, unless rewound.
func (r *runner) rewound(ctx context.Context) bool {
	mine, _, _ := r.state.current()
	c, found, err := readCheckpoint(ctx, r.cfg.Pool, r.name)
	if err != nil || !found {
		return false
	}
	return c.Position.Less(mine) || c.Version != r.p.Version()
}
