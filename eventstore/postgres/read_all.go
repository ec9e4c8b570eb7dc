package postgres

import (
	"context"
	"fmt"
	"math"

	"github.com/klient-crm/klient/eventstore"
)

// horizon is the oldest transaction still running anywhere in the cluster
// when the statement's snapshot was taken: every transaction below it has
// ended, so no event below it can appear later (see doc.go).
const horizon = `pg_snapshot_xmin(pg_current_snapshot())::text::bigint`

const readAllSQL = `SELECT ` + columns + ` FROM events
WHERE (xid, seq) > ($1, $2) AND xid < ` + horizon + `
ORDER BY xid, seq LIMIT $3`

// heldBackSQL asks, after an empty read, whether committed events exist
// after the reader's position anyway: they wait above the horizon, so the
// reader will get them without any new append. It is not written as
// EXISTS: as a prepared statement its generic plan guesses that a third
// of the log lies after any position and scans the table for the first
// row, which at the head of a million-event log reads all of it on every
// poll; the ordered LIMIT 1 keeps it on the primary key (plans_test.go).
const heldBackSQL = `SELECT (SELECT true FROM events WHERE (xid, seq) > ($1, $2) ORDER BY xid, seq LIMIT 1) IS NOT NULL`

// ReadAll returns up to limit events strictly after `after`, below the
// horizon, in (xid, seq) order.
func (s *Store) ReadAll(ctx context.Context, after eventstore.Position, limit int) ([]eventstore.Envelope, error) {
	if err := validateLimit(limit); err != nil {
		return nil, err
	}
	if err := s.checkPlace(ctx, after); err != nil {
		return nil, err
	}
	evs, err := s.readAll(ctx, after, limit)
	if err != nil {
		return nil, fmt.Errorf("eventstore/postgres: read all: %w", err)
	}
	return evs, nil
}

func (s *Store) readAll(ctx context.Context, after eventstore.Position, limit int) ([]eventstore.Envelope, error) {
	xid, seq := positionArgs(after)
	rows, err := s.pool.Query(ctx, readAllSQL, xid, seq, limit)
	return collect(rows, err)
}

// heldBack reports whether committed events after `after` wait above the
// horizon.
func (s *Store) heldBack(ctx context.Context, after eventstore.Position) (bool, error) {
	var held bool
	xid, seq := positionArgs(after)
	err := s.pool.QueryRow(ctx, heldBackSQL, xid, seq).Scan(&held)
	return held, err
}

func positionArgs(p eventstore.Position) (xid, seq int64) {
	return int64(min(p.Commit, math.MaxInt64)), int64(min(p.Prepare, math.MaxInt64))
}

// placeSQL says whether an event sits at a position, and whether the
// position lies past the log's last committed event (or the log is empty).
// Both are probes of the primary key.
const placeSQL = `SELECT EXISTS (SELECT 1 FROM events WHERE xid = $1 AND seq = $2),
	coalesce((SELECT (xid, seq) < ($1, $2) FROM events ORDER BY xid DESC, seq DESC LIMIT 1), true)`

// checkPlace refuses a position to read after that no event of this log
// has: any pair orders against the others, so without the check a
// checkpoint from another log (or a log restored from an older backup)
// would read as an empty log or skip events without a word.
func (s *Store) checkPlace(ctx context.Context, after eventstore.Position) error {
	if after == eventstore.Start {
		return nil
	}
	xid, seq := positionArgs(after)
	var found, beyond bool
	if err := s.pool.QueryRow(ctx, placeSQL, xid, seq).Scan(&found, &beyond); err != nil {
		return fmt.Errorf("eventstore/postgres: check position %s: %w", after, err)
	}
	switch {
	case found:
		return nil
	case beyond:
		return fmt.Errorf("eventstore/postgres: after %s: %w", after, eventstore.ErrPositionBeyondEnd)
	}
	return fmt.Errorf("eventstore/postgres: after %s: %w", after, eventstore.ErrPositionNotARecord)
}
