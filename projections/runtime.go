package projections

import (
	"context"
	"fmt"
	"regexp"
	"sync"
	"time"

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
	rt.feed = newFeed(&rt.cfg, len(cfg.Projectors), func(eventType string) bool {
		for _, p := range rt.cfg.Projectors {
			if handles(p, eventType) {
				return true
			}
		}
		return false
	})
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
