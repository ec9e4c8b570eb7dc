package main

import (
	"context"
	"fmt"
	"time"

	"github.com/klient-crm/klient/internal/catalogue"
)

// withProjectors runs fn while this process's projectors run beside it, so
// that a CLI command can read a current read model and wait for its own
// writes. When a server already runs them, this process stands by and just
// watches their checkpoints.
func (a *app) withProjectors(ctx context.Context, fn func(ctx context.Context) error) error {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	done := make(chan error, 1)
	go func() { done <- a.runtime.Run(ctx) }()
	defer func() { cancel(); <-done }()
	return fn(ctx)
}

// catchUp waits until one read model has reached the end of the log (for
// example, the staff list that keeps e-mail addresses unique). Call it
// inside withProjectors.
func (a *app) catchUp(ctx context.Context, projector string) error {
	ctx, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	// The head counts an event committed a moment ago even where the
	// store does not show it to readers yet (an older transaction anywhere
	// in the cluster holds PostgreSQL's horizon back), which a lag counted
	// over what is readable would miss: wait for it first.
	head, err := a.runtime.Head(ctx)
	if err != nil {
		return err
	}
	if err := a.runtime.WaitFor(ctx, projector, head); err != nil {
		return fmt.Errorf("the %s read model did not catch up with the log: %v", projector, err)
	}
	for {
		lag, err := a.lag(ctx, projector)
		if err == nil && lag == 0 {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("the %s read model did not catch up with the log: %v", projector, err)
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// catchUpAll waits until every read model has reached the end of the log,
// for a verb that reads across them (an access package, the retention
// schedule, the erasures due): on a database no projector has run on yet
// their tables do not exist, and behind the log they would leave out what
// the log holds. Call it while the projectors run.
func (a *app) catchUpAll(ctx context.Context) error {
	for _, p := range catalogue.Projectors() {
		if err := a.catchUp(ctx, p.Name()); err != nil {
			return err
		}
	}
	return nil
}

func (a *app) lag(ctx context.Context, projector string) (uint64, error) {
	statuses, err := a.runtime.Status(ctx)
	if err != nil {
		return 0, err
	}
	for _, s := range statuses {
		if s.Name == projector && s.StoredVersion == s.Version {
			return s.Lag, nil
		}
	}
	return 0, fmt.Errorf("no %s projector has run yet", projector)
}
