package projections

import (
	"context"
	"sync"

	"github.com/klient-crm/klient/domain"
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
