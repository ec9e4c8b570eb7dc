package cdd

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// RecordStatus is one record as the read model keeps it: no personal
// data, the record's page reads the rest from the log.
type RecordStatus struct {
	MatterID    string
	ClientID    string
	Risk        string
	Decision    string
	ListVersion string
	Hits        int
	Reviewed    int
	UpdatedAt   time.Time
}

// QueueFilter pages the AML officer's queue: the records escalated to
// them, the longest waiting first, after (UpdatedAt, MatterID).
type QueueFilter struct {
	AfterUpdated time.Time
	AfterMatter  string
	Limit        int
}

// Escalated lists the records waiting for the AML officer's decision.
func Escalated(ctx context.Context, db *pgxpool.Pool, f QueueFilter) ([]RecordStatus, error) {
	rows, err := db.Query(ctx, `SELECT matter_id, client_id, risk, decision, list_version, hits, cardinality(reviewed), updated_at
		FROM cdd_records_v1
		WHERE decision = 'escalated' AND NOT erased AND (updated_at, matter_id) > ($1, $2)
		ORDER BY updated_at, matter_id LIMIT $3`, f.AfterUpdated, f.AfterMatter, f.Limit)
	if err != nil {
		return nil, fmt.Errorf("cdd: the officer's queue: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (RecordStatus, error) {
		var s RecordStatus
		err := r.Scan(&s.MatterID, &s.ClientID, &s.Risk, &s.Decision, &s.ListVersion, &s.Hits, &s.Reviewed, &s.UpdatedAt)
		s.UpdatedAt = s.UpdatedAt.UTC()
		return s, err
	})
	if err != nil {
		return nil, fmt.Errorf("cdd: the officer's queue: %w", err)
	}
	return out, nil
}
