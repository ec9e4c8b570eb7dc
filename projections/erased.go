package projections

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/klient-crm/klient/eventstore"
	"github.com/klient-crm/klient/internal/pgrewrite"
)

// PersonalData is an optional interface of a Projector whose tables hold
// personal data opened from the log, which its Apply blanks or deletes
// when the person is erased. PostgreSQL keeps the removed row versions'
// bytes in the tables' files (and their indexes', and the planner's
// samples) until they are rewritten: RewriteErased does that once the
// erasure is applied.
type PersonalData interface {
	// PersonalTables names every table of the read model an erasure
	// blanks or deletes rows in.
	PersonalTables() []string
}

// RewriteErased waits (at most wait) until each named read model has
// applied the log up to pos (an erasure), then rewrites the tables of
// those that hold personal data (internal/pgrewrite), so nothing of the
// erased person stays in the database's files. Each table holds its
// readers off while it is rewritten (docs/gdpr.md has the figures).
func (rt *Runtime) RewriteErased(ctx context.Context, pos eventstore.Position, names []string, wait time.Duration) error {
	applied, cancel := context.WithTimeout(ctx, wait)
	defer cancel()
	var tables []string
	for _, name := range names {
		r, err := rt.runner(name)
		if err != nil {
			return err
		}
		p, ok := r.p.(PersonalData)
		if !ok {
			continue
		}
		if err := rt.awaitRunning(applied, name, pos); err != nil {
			return fmt.Errorf("projections: the erased rows of %s are not rewritten yet: %w", name, err)
		}
		for _, t := range p.PersonalTables() {
			if !slices.Contains(tables, t) {
				tables = append(tables, t)
			}
		}
	}
	return pgrewrite.Tables(ctx, rt.cfg.Pool, tables)
}

// awaitRunning waits for name to apply pos, but gives up after a few
// seconds when no instance runs it (a command run with no server up): it
// would wait in vain.
func (rt *Runtime) awaitRunning(ctx context.Context, name string, pos eventstore.Position) error {
	first, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	if err := rt.WaitFor(first, name, pos); err == nil || ctx.Err() != nil {
		return err
	}
	if held, err := lockHeld(ctx, rt, name); err != nil || !held {
		return errors.Join(err, fmt.Errorf("no instance runs the %s read model", name))
	}
	return rt.WaitFor(ctx, name, pos)
}

// Head is the position of the log's last event (Start for an empty log):
// the last committed, even one the store does not show its readers yet
// (CommittedHeader), so that waiting for Head misses no acknowledged
// append.
func (rt *Runtime) Head(ctx context.Context) (eventstore.Position, error) {
	progress, err := rt.Progress(ctx)
	if err != nil {
		return eventstore.Start, err
	}
	// Read forward from the read model furthest along: every checkpoint
	// is a position in the log, so the head lies at or after the highest.
	// (From the lowest, a read model rebuilt from the start would make
	// every caller read the whole log on a store that cannot count.)
	from := eventstore.Start
	for _, p := range progress {
		if from.Less(p.Position) {
			from = p.Position
		}
	}
	_, head, err := countAfter(ctx, rt.cfg.Store, from)
	if err != nil {
		return head, err
	}
	if c, ok := rt.cfg.Store.(CommittedHeader); ok {
		last, found, err := c.CommittedHead(ctx)
		if err != nil {
			return head, err
		}
		if found && head.Less(last) {
			head = last
		}
	}
	return head, nil
}
