package projections

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"regexp"
	"sync"
	"time"

	"github.com/ThreeDotsLabs/watermill"
	"github.com/ThreeDotsLabs/watermill/message"
	"github.com/ThreeDotsLabs/watermill/message/router/middleware"
	"github.com/jackc/pgx/v5"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/eventstore"
)

// Runtime runs a set of projectors. Every instance of Klient may run one;
// each projector is then run by exactly one of them at a time, and the
// others stand by. Status, WaitFor and Rebuild work whether or not this
// instance runs the projector (a CLI process never does).
type Runtime struct {
	cfg     Config
	runners map[string]*runner
	order   []string
	feed    *feed // the log read and opened once for the runners here
}

// New checks cfg and builds a runtime; nothing runs until Run. The
// projections migrations (Migrations) must have been applied.
func New(cfg Config) (*Runtime, error) {
	cfg.setDefaults()
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	rt := &Runtime{cfg: cfg, runners: map[string]*runner{}}
	rt.feed = newFeed(&rt.cfg, len(cfg.Projectors))
	for _, p := range cfg.Projectors {
		rt.runners[p.Name()] = newRunner(p, &rt.cfg, rt.feed)
		rt.order = append(rt.order, p.Name())
	}
	return rt, nil
}

// Run runs (or stands by for) every projector until ctx is done, then
// stops them and returns nil. A projector that fails stays stopped, with
// its reason in its status, until the process is restarted.
func (rt *Runtime) Run(ctx context.Context) error {
	rt.cfg.Logger.Info("projections runtime starting", "projectors", len(rt.order))
	var wg sync.WaitGroup
	for _, name := range rt.order {
		wg.Add(1)
		go func(r *runner) {
			defer wg.Done()
			r.run(ctx)
		}(rt.runners[name])
	}
	wg.Wait()
	return nil
}

// Projectors returns the names of the runtime's projectors, in order.
func (rt *Runtime) Projectors() []string { return append([]string(nil), rt.order...) }

func (rt *Runtime) runner(name string) (*runner, error) {
	r, ok := rt.runners[name]
	if !ok {
		return nil, domain.NotFound("there is no projection called %q", name).WithCode("projections.unknown")
	}
	return r, nil
}

// Projector keeps one read model. The runtime calls it from one goroutine of
// one instance in the fleet at a time, always inside a transaction that also
// advances its checkpoint.
type Projector interface {
	// Name is the read model's stored identifier without its version
	// ("contacts"); tables are named after it and Version ("contacts_v1").
	Name() string
	// Version is the schema version of the read model. Changing it makes
	// the runtime drop the tables and replay the whole log into new ones.
	Version() int
	// Setup creates the read model's tables for Version.
	Setup(ctx context.Context, tx pgx.Tx) error
	// Drop removes the tables of every version this code knows, so that a
	// bump does not leave the previous version's tables behind.
	Drop(ctx context.Context, tx pgx.Tx) error
	// Apply projects a batch of events in log order. It must be idempotent:
	// applying an event twice leaves the same state as applying it once.
	Apply(ctx context.Context, tx pgx.Tx, batch []eventstore.Decoded) error
}

// EventFilter is an optional interface of a Projector: the runtime decodes
// (and opens the sealed fields of) only the events it handles. Skipped
// events still advance the checkpoint.
type EventFilter interface {
	Handles(eventType string) bool
}

// Decoder turns an envelope into its domain event with personal fields
// opened; *eventstore.Codec implements it.
type Decoder interface {
	Decode(ctx context.Context, env eventstore.Envelope) (eventstore.Decoded, error)
}

var projectorName = regexp.MustCompile(`^[a-z][a-z0-9_]{0,40}$`)

func validateProjector(p Projector) error {
	if p == nil {
		return fmt.Errorf("projections: nil projector")
	}
	if !projectorName.MatchString(p.Name()) {
		return fmt.Errorf("projections: projector name %q must be lower-case letters, digits and _", p.Name())
	}
	if p.Version() < 1 {
		return fmt.Errorf("projections: projector %s: version must be 1 or more", p.Name())
	}
	return nil
}

func handles(p Projector, eventType string) bool {
	f, ok := p.(EventFilter)
	return !ok || f.Handles(eventType)
}

// WaitFor returns once projector name's checkpoint is at or past pos, so
// that a handler can show what it has just written (pass the append's
// LastPosition). When this instance runs the projector it is woken by each
// committed batch; otherwise it polls the checkpoint table. It gives up when
// ctx is done (bound it with a timeout) or when the projector has failed.
func (rt *Runtime) WaitFor(ctx context.Context, name string, pos eventstore.Position) error {
	r, err := rt.runner(name)
	if err != nil {
		return err
	}
	for {
		mine, leading, changed := r.state.current()
		if leading && mine.AtLeast(pos) {
			return nil
		}
		done, err := rt.reachedInTable(ctx, r.p, pos)
		if err != nil && ctx.Err() != nil {
			// The deadline ran out during the read: that is the caller's
			// timeout, not a failed projector.
			return notReached(name, pos, ctx.Err())
		}
		if done || err != nil {
			return err
		}
		if !leading {
			changed = nil
		}
		t := time.NewTimer(rt.cfg.PollInterval)
		select {
		case <-changed:
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			return notReached(name, pos, ctx.Err())
		}
		t.Stop()
	}
}

// Changed returns a channel closed at projector name's next change on this
// instance (a batch applied, the lead taken or lost), and whether this
// instance runs it now: a job that follows a read model (the webhook
// sender follows the feed) waits on it instead of polling the read
// model's tables. When another instance runs the projector nothing here
// tells of its progress, and the job polls.
func (rt *Runtime) Changed(name string) (<-chan struct{}, bool, error) {
	r, err := rt.runner(name)
	if err != nil {
		return nil, false, err
	}
	_, leading, changed := r.state.current()
	return changed, leading, nil
}

// reachedInTable reads the stored checkpoint: done when it is at or past
// pos in the tables of p's version (an older version's checkpoint says
// nothing about the new tables), an error when the projector has failed
// (waiting would be in vain).
func (rt *Runtime) reachedInTable(ctx context.Context, p Projector, pos eventstore.Position) (bool, error) {
	name := p.Name()
	c, found, err := readCheckpoint(ctx, rt.cfg.Pool, name)
	switch {
	case err != nil:
		return false, err
	case !found || c.Version != p.Version():
		return false, nil
	case c.Position.AtLeast(pos):
		return true, nil
	case c.Status == StatusFailed:
		return false, &domain.Error{Kind: domain.KindInternal, Code: "projections.failed",
			Message: "the read model " + name + " is stopped after an error", Err: fmt.Errorf("last error: %s", c.LastError)}
	}
	return false, nil
}

func notReached(name string, pos eventstore.Position, cause error) error {
	return fmt.Errorf("projections: %s has not reached %s yet: %w", name, pos, cause)
}

// notifier is the in-process view of a projector this instance runs: its
// checkpoint as last committed here, and a channel closed at every advance
// so that WaitFor wakes up without polling the database.
type notifier struct {
	mu      sync.Mutex
	leading bool
	pos     eventstore.Position
	changed chan struct{}
}

func newNotifier() *notifier { return &notifier{changed: make(chan struct{})} }

// lead starts trusting the in-process position: this instance now runs the
// projector from pos.
func (n *notifier) lead(pos eventstore.Position) {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.leading, n.pos = true, pos
	n.wakeLocked()
}

// follow stops trusting it: another instance may advance the checkpoint.
func (n *notifier) follow() {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.leading = false
	n.wakeLocked()
}

func (n *notifier) advance(pos eventstore.Position) {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.pos = pos
	n.wakeLocked()
}

// current returns the position, whether it is authoritative, and a channel
// closed at the next change.
func (n *notifier) current() (eventstore.Position, bool, <-chan struct{}) {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.pos, n.leading, n.changed
}

func (n *notifier) wakeLocked() {
	close(n.changed)
	n.changed = make(chan struct{})
}

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
	schema  string // where its tables are, when not public: a rebuild beside the serving ones (apply.go)
	cfg     *Config
	log     *slog.Logger
	state   *notifier
	feed    *feed
	sub     *logSubscriber // of the current router run: it holds the batches in flight
	compact compaction     // a compaction due after a long catch-up
	rebuild rebuildEnd     // where a rebuilding read model is complete (rebuilding.go)

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
		if errors.Is(err, errFailed) {
			return errFailed
		}
		if ctx.Err() == nil { // stopped while starting (a CLI command that ended at once) is no failure
			r.log.Error("cannot start projector", "projector", r.name, "error", safeError(err))
		}
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
	if err := r.checkInLog(ctx, c.Position); err != nil {
		return err
	}
	status, err := r.startStatus(ctx, c)
	if err != nil {
		return err
	}
	if _, err := r.cfg.Pool.Exec(ctx, `UPDATE projector_checkpoints SET status = $2, updated_at = now()
		WHERE name = $1`, r.name, status); err != nil {
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
	// A read model stopped halfway through its rebuild is still incomplete:
	// it stays "rebuilding" until a runner has caught it up.
	if _, err := r.cfg.Pool.Exec(ctx, `UPDATE projector_checkpoints SET updated_at = now(), last_error = '',
		status = CASE WHEN status = $2 THEN status ELSE $3 END WHERE name = $1`,
		r.name, StatusRebuilding, StatusStopped); err != nil {
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
	sub.feed, sub.handles = r.feed, func(t string) bool { return handles(r.p, t) }
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
