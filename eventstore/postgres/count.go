package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/klient-crm/klient/eventstore"
)

// countAfterSQL counts what ReadAll would deliver after a position (below
// the horizon, so the count never runs ahead of what a reader can see) and
// finds the last such event, in one index range scan.
const countAfterSQL = `SELECT count(*), coalesce(max(xid), $1), coalesce(max(seq) FILTER (WHERE xid = (
	SELECT max(xid) FROM events WHERE (xid, seq) > ($1, $2) AND xid < ` + horizon + `)), $2)
FROM events WHERE (xid, seq) > ($1, $2) AND xid < ` + horizon

// CountAfter tells projector status and rebuild progress how far the log
// reaches without reading every event (projections.LogCounter).
func (s *Store) CountAfter(ctx context.Context, after eventstore.Position) (uint64, eventstore.Position, error) {
	xid, seq := positionArgs(after)
	var n, lastXid, lastSeq int64
	if err := s.pool.QueryRow(ctx, countAfterSQL, xid, seq).Scan(&n, &lastXid, &lastSeq); err != nil {
		return 0, after, fmt.Errorf("eventstore/postgres: count: %w", err)
	}
	if n == 0 {
		return 0, after, nil
	}
	return uint64(n), eventstore.Position{Commit: uint64(lastXid), Prepare: uint64(lastSeq)}, nil
}

// CommittedHead is the position of the committed event furthest along
// the log's order, whether or not the horizon lets readers see it yet (a
// transaction that began earlier, anywhere in the cluster, holds it
// back), and false for an empty log: what a caller that must not miss an
// acknowledged append waits for its readers to reach (the erasure's
// search for mentions, the CLI's catch-up). It need not be the event
// committed last in time — the log's order is xid order, not commit
// order — but every event committed before the call lies at or before it,
// so a reader past it has passed them all.
func (s *Store) CommittedHead(ctx context.Context) (eventstore.Position, bool, error) {
	var xid, seq int64
	err := s.pool.QueryRow(ctx, `SELECT xid, seq FROM events ORDER BY xid DESC, seq DESC LIMIT 1`).Scan(&xid, &seq)
	if errors.Is(err, pgx.ErrNoRows) {
		return eventstore.Start, false, nil
	}
	if err != nil {
		return eventstore.Start, false, fmt.Errorf("eventstore/postgres: committed head: %w", err)
	}
	return eventstore.Position{Commit: uint64(xid), Prepare: uint64(seq)}, true, nil
}
