package projections

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"time"

	"github.com/ThreeDotsLabs/watermill"
	"github.com/ThreeDotsLabs/watermill/message"
	"github.com/ThreeDotsLabs/watermill/message/router/middleware"

	"github.com/klient-crm/klient/eventstore"
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

// newRouter builds the Watermill router of one projector run: the log
// subscriber as its only source and the projector's batch handler behind,
// from the outside in, the poison policy, bounded exponential retry and
// panic recovery (so that a panic is retried like an error).
func (r *runner) newRouter() (*message.Router, error) {
	wlog := wmLogger{log: r.log}
	router, err := message.NewRouter(message.RouterConfig{CloseTimeout: 30 * time.Second}, wlog)
	if err != nil {
		return nil, err
	}
	retry := middleware.Retry{
		MaxRetries:      r.cfg.Retry.MaxRetries,
		InitialInterval: r.cfg.Retry.InitialInterval,
		MaxInterval:     r.cfg.Retry.MaxInterval,
		Multiplier:      r.cfg.Retry.Multiplier,
		MaxElapsedTime:  r.cfg.Retry.bound(),
		Logger:          wlog,
	}
	router.AddMiddleware(r.poison, retry.Middleware, middleware.Recoverer)
	sub := newLogSubscriber(r.cfg.Store, r.cfg.BatchSize, r.log, r.subscribeFrom)
	sub.feed = r.feed
	r.sub = sub
	router.AddConsumerHandler(r.name, r.name, sub, r.handle)
	return router, nil
}

// bound is the longest a batch may be retried: every interval at its
// maximum, plus slack, so that MaxRetries is what ends a retry.
func (p RetryPolicy) bound() time.Duration {
	return time.Duration(p.MaxRetries+1)*p.MaxInterval + time.Minute
}

// subscribeFrom is where the subscriber starts: the stored checkpoint.
func (r *runner) subscribeFrom(ctx context.Context, topic string) (eventstore.Position, error) {
	c, _, err := readCheckpoint(ctx, r.cfg.Pool, topic)
	return c.Position, err
}

// handle is the Watermill handler: one batch, one transaction.
func (r *runner) handle(msg *message.Message) error {
	b, err := r.sub.batchOf(msg)
	if err != nil {
		return err
	}
	result, err := r.apply(msg.Context(), b)
	if err != nil {
		return scrubbed{err}
	}
	switch result {
	case applied:
		r.state.advance(b.Last)
		r.compactIfDue(msg.Context(), b.Last)
		r.log.Debug("batch applied", "projector", r.name, "events", len(b.Envelopes), "from", b.From.String(), "to", b.Last.String())
	case checkpointMoved:
		r.log.Warn("checkpoint moved under the runner (rebuild or version change): resubscribing", "projector", r.name, "expected", b.From.String())
		r.stop(errRestart)
	}
	return nil
}

// poison is the outermost middleware: an error that survived every retry
// stops the projector loudly instead of skipping the batch. The checkpoint
// stays before the batch, so a restart tries it again. A database that is
// unreachable is not the batch's fault: the runner then starts over from
// the checkpoint after a pause instead of stopping for good.
func (r *runner) poison(h message.HandlerFunc) message.HandlerFunc {
	return func(msg *message.Message) ([]*message.Message, error) {
		out, err := h(msg)
		switch {
		case err == nil || msg.Context().Err() != nil:
			return out, err
		case transient(err):
			r.log.Warn("database unavailable: projector pauses and resumes from its checkpoint",
				"projector", r.name, "after", msg.Metadata.Get(metaFrom), "error", safeError(err))
			r.stop(errEnded)
		default:
			r.fail(msg, err)
		}
		return nil, err
	}
}

func (r *runner) fail(msg *message.Message, err error) {
	reason := safeError(err)
	r.log.Error("projector stopped: a batch failed after every retry; fix the cause and restart",
		"projector", r.name, "after", msg.Metadata.Get(metaFrom), "last", msg.Metadata.Get(metaLast),
		"events", msg.Metadata.Get(metaCount), "error", reason)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := setStatus(ctx, r.cfg.Pool, r.name, StatusFailed, reason); err != nil {
		r.log.Error("cannot record projector failure", "projector", r.name, "error", safeError(err))
	}
	r.stop(errFailed)
}

// wmLogger hands Watermill's logs to slog with every error scrubbed:
// Watermill logs the handler's error verbatim, and that error may come from
// PostgreSQL. Watermill's Info is chatty lifecycle noise, so it goes to Debug.
type wmLogger struct{ log *slog.Logger }

var _ watermill.LoggerAdapter = wmLogger{}

func (l wmLogger) Error(msg string, err error, fields watermill.LogFields) {
	l.emit(slog.LevelError, msg, append(attrs(fields), slog.String("error", safeError(err))))
}

func (l wmLogger) Info(msg string, fields watermill.LogFields) {
	l.emit(slog.LevelDebug, msg, attrs(fields))
}

func (l wmLogger) Debug(msg string, fields watermill.LogFields) {
	l.emit(slog.LevelDebug, msg, attrs(fields))
}

func (l wmLogger) Trace(msg string, fields watermill.LogFields) {
	l.emit(slog.LevelDebug-4, msg, attrs(fields))
}

func (l wmLogger) With(fields watermill.LogFields) watermill.LoggerAdapter {
	return wmLogger{log: l.log.With(attrs(fields)...)}
}

func (l wmLogger) emit(level slog.Level, msg string, args []any) {
	l.log.Log(context.Background(), level, "watermill: "+msg, args...)
}

func attrs(fields watermill.LogFields) []any {
	out := make([]any, 0, len(fields))
	for k, v := range fields {
		out = append(out, slog.Any(k, v))
	}
	return out
}
