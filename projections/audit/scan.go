package audit

import (
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/klient-crm/klient/eventstore"
)

// scanRow reads one row of eventColumns or accessColumns.
func scanRow(row pgx.CollectableRow) (Row, error) {
	var (
		r           Row
		kind        string
		source      int32
		k1, k2, ver int64
		eventID     *uuid.UUID
		recordedAt  *time.Time
	)
	err := row.Scan(&kind, &r.At, &source, &k1, &k2, &r.Actor, &r.Subjects, &r.MatterID, &r.Type,
		&r.CorrelationID, &eventID, &r.Stream, &ver, &recordedAt, &r.Route, &r.Via)
	if err != nil {
		return r, err
	}
	r.Kind, r.At = Kind(kind), r.At.UTC()
	if r.Kind == KindAccess {
		r.AccessID = k1
		return r, nil
	}
	r.Position = eventstore.Position{Commit: uint64(k1), Prepare: uint64(k2)}
	r.EventID, r.Version, r.RecordedAt = *eventID, uint64(ver), recordedAt.UTC()
	return r, nil
}
