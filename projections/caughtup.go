package projections

import (
	"context"
	"errors"
	"time"
)

// ErrBehind is CaughtUp's answer when a read model has not applied the
// log within the wait.
var ErrBehind = errors.New("projections: the read models have not caught up with the log")

// CaughtUp waits, at most wait, until each read model of names has
// applied the log up to its Head as it stands now (the last event
// committed, even one the store does not show its readers yet). A job
// that acts on what read models say — sends an e-mail to the people they
// list — asks first, so that it never acts on a state the log has moved
// past: an objection recorded, a deadline done. Behind after wait:
// ErrBehind joined with the read model's own answer.
func (rt *Runtime) CaughtUp(ctx context.Context, wait time.Duration, names ...string) error {
	head, err := rt.Head(ctx)
	if err != nil {
		return err
	}
	bounded, cancel := context.WithTimeout(ctx, wait)
	defer cancel()
	for _, name := range names {
		if err := rt.WaitFor(bounded, name, head); err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			return errors.Join(ErrBehind, err)
		}
	}
	return nil
}
