package projections

import (
	"context"
	"fmt"
	"time"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/eventstore"
)

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
