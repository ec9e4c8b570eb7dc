package projections

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"time"
)

// Why a run of a projector's router ended.
var (
	errRestart  = errors.New("resubscribe from the checkpoint")
	errEnded    = errors.New("router ended on its own")
	errLockLost = errors.New("projector lock lost")
	errFailed   = errors.New("projector failed")
)

// runner runs one projector on this instance whenever it holds the
// projector's lock.
type runner struct {
	p       Projector
	name    string
	schema  string // where its tables are, when not public: a rebuild beside the serving ones (shadow.go)
	cfg     *Config
	log     *slog.Logger
	state   *notifier
	feed    *feed
	sub     *logSubscriber // of the current router run: it holds the batches in flight
	compact compaction     // a compaction due after a long catch-up

	mu     sync.Mutex
	cancel context.CancelCauseFunc // ends the current router run
	kick   chan struct{}           // wakes a failed runner to look at its checkpoint again
}

func newRunner(p Projector, cfg *Config, f *feed) *runner {
	return &runner{p: p, name: p.Name(), cfg: cfg, log: cfg.Logger, state: newNotifier(), feed: f, kick: make(chan struct{}, 1)}
}

// run competes for the lock until ctx is done, leading whenever it wins.
func (r *runner) run(ctx context.Context) {
	for ctx.Err() == nil {
		lock, err := acquireLock(ctx, r.cfg.Pool, r.name, r.cfg.LockRetry, r.log)
		if err != nil {
			return
		}
		r.log.Info("projector lock taken: running here", "projector", r.name)
		r.lead(ctx, lock)
		lock.release()
	}
}

// lead runs the projector while this instance holds lock. After a failure it
// keeps the lock until shutdown or a rebuild, so that no other instance
// retries the poison batch behind the operators' backs.
func (r *runner) lead(ctx context.Context, lock *projectorLock) {
	for {
		cause := r.runOnce(ctx, lock)
		switch {
		case errors.Is(cause, errFailed):
			if !r.waitWhileFailed(ctx, lock) {
				return
			}
			continue
		case ctx.Err() != nil:
			r.markStopped()
			return
		case errors.Is(cause, errLockLost):
			r.log.Error("projector lock lost: stopping here", "projector", r.name)
			return
		case errors.Is(cause, errRestart):
			continue // asked for: resubscribe at once
		}
		if !sleep(ctx, min(r.cfg.LockRetry, time.Second)) { // something broke (the database?): do not spin, do not dawdle
			r.markStopped()
			return
		}
	}
}

// runOnce prepares the read model and runs the router until it is stopped.
func (r *runner) runOnce(ctx context.Context, lock *projectorLock) error {
	rctx, cancel := context.WithCancelCause(ctx)
	defer cancel(errEnded)
	r.mu.Lock()
	r.cancel = cancel
	r.mu.Unlock()
	if err := r.start(rctx); err != nil {
		r.log.Error("cannot start projector", "projector", r.name, "error", safeError(err))
		return errEnded
	}
	defer r.state.follow()
	router, err := r.newRouter()
	if err != nil {
		return errEnded
	}
	var watching sync.WaitGroup // the lock's connection is not for two goroutines: release waits
	defer watching.Wait()
	watching.Go(func() { r.watch(rctx, lock) })
	go func() { <-rctx.Done(); _ = router.Close() }()
	if err := router.Run(rctx); err != nil && rctx.Err() == nil {
		r.log.Error("projector router stopped", "projector", r.name, "error", safeError(err))
	}
	cancel(errEnded)
	return context.Cause(rctx)
}

// start brings the tables to the projector's version and records that it
// runs here.
func (r *runner) start(ctx context.Context) error {
	if _, err := prepareReadModel(ctx, r.cfg.Pool, r.p, r.log); err != nil {
		return err
	}
	c, _, err := readCheckpoint(ctx, r.cfg.Pool, r.name)
	if err != nil {
		return err
	}
	if _, err := r.cfg.Pool.Exec(ctx, `UPDATE projector_checkpoints SET status = 'running', updated_at = now()
		WHERE name = $1`, r.name); err != nil {
		return err
	}
	r.state.lead(c.Position)
	r.planCompaction(ctx, c.Position)
	r.log.Info("projector started", "projector", r.name, "version", r.p.Version(), "after", c.Position.String(), "events_applied", c.EventsApplied)
	return nil
}

// restart makes the runner resubscribe from the stored checkpoint, also
// when it is stopped after a failure.
func (r *runner) restart() {
	r.stop(errRestart)
	select {
	case r.kick <- struct{}{}:
	default:
	}
}

// stop ends the current router run for cause.
func (r *runner) stop(cause error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.cancel != nil {
		r.cancel(cause)
	}
}

func (r *runner) markStopped() {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := setStatus(ctx, r.cfg.Pool, r.name, StatusStopped, ""); err != nil {
		r.log.Warn("cannot record projector stop", "projector", r.name, "error", safeError(err))
	}
	r.log.Info("projector stopped", "projector", r.name)
}
