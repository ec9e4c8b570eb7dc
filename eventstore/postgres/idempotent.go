package postgres

import (
	"context"
	"fmt"

	"github.com/google/uuid"

	"github.com/klient-crm/klient/eventstore"
)

// storedEvent is where an event of a refused batch already sits, if anywhere.
type storedEvent struct {
	stream   string
	version  uint64
	position eventstore.Position
	last     uint64 // the stream's last version now
}

const priorSQL = `SELECT e.event_id, e.stream, e.version, e.xid, e.seq, s.last_version
FROM events e JOIN streams s ON s.stream = e.stream
WHERE e.event_id = ANY($1::uuid[])`

// settleConflict runs only when an append was refused: a retry of a batch
// that already landed where this append would have put it returns the
// original result; anything else is a wrong expected version.
func (s *Store) settleConflict(ctx context.Context, stream string, exp eventstore.ExpectedVersion, b batch) (eventstore.AppendResult, error) {
	prior, err := s.findStored(ctx, b.ids)
	if err != nil {
		return eventstore.AppendResult{}, fmt.Errorf("eventstore/postgres: append: look for a prior append: %w", err)
	}
	if res, ok := sameAppend(stream, exp, b.ids, prior); ok {
		return res, nil
	}
	return eventstore.AppendResult{}, eventstore.WrongExpectedVersion(stream, exp)
}

func (s *Store) findStored(ctx context.Context, ids []uuid.UUID) (map[uuid.UUID]storedEvent, error) {
	rows, err := s.pool.Query(ctx, priorSQL, ids)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	found := make(map[uuid.UUID]storedEvent, len(ids))
	for rows.Next() {
		var (
			id                      uuid.UUID
			e                       storedEvent
			version, xid, seq, last int64
		)
		if err := rows.Scan(&id, &e.stream, &version, &xid, &seq, &last); err != nil {
			return nil, err
		}
		e.version, e.position, e.last = uint64(version), position(xid, seq), uint64(last)
		found[id] = e
	}
	return found, rows.Err()
}

// sameAppend reports whether every ID sits in stream, in batch order, at the
// versions exp would have given them (for Any: as the stream's last events).
func sameAppend(stream string, exp eventstore.ExpectedVersion, ids []uuid.UUID, prior map[uuid.UUID]storedEvent) (eventstore.AppendResult, bool) {
	first, ok := prior[ids[0]]
	if !ok || len(prior) != len(ids) {
		return eventstore.AppendResult{}, false
	}
	var res eventstore.AppendResult
	for i, id := range ids {
		e, ok := prior[id]
		if !ok || e.stream != stream || e.version != first.version+uint64(i) {
			return eventstore.AppendResult{}, false
		}
		res = eventstore.AppendResult{LastVersion: e.version, LastPosition: e.position}
	}
	v, exact := exp.Version()
	switch {
	case exp.IsNoStream():
		return res, first.version == 0
	case exact:
		return res, first.version == v+1
	}
	return res, res.LastVersion == first.last
}
