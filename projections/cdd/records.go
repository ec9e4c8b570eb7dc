package cdd

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/klient-crm/klient/projections"
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
	// WalledMatters and WalledContacts are the walls before the reader
	// (the contacts with the survivors of walled ones merged away). The AML
	// officer is on no team, so need-to-know is not weighed, but a record
	// whose matter, one of the matter's clients or the record's own client
	// is walled off is not read; nor one whose matter the matters read
	// model does not hold yet.
	WalledMatters  []string
	WalledContacts []string
}

// Escalated lists the records waiting for the AML officer's decision that
// the reader may see, cut in the query so that a page is as long as asked
// and no short page tells of a record behind a wall.
func Escalated(ctx context.Context, db *pgxpool.Pool, f QueueFilter) ([]RecordStatus, error) {
	scope := projections.Scope{Everyone: true, WalledMatters: f.WalledMatters, WalledContacts: f.WalledContacts}
	var args []any
	arg := func(v any) string { args = append(args, v); return "$" + strconv.Itoa(len(args)) }
	rows, err := db.Query(ctx, `SELECT c.matter_id, c.client_id, c.risk, c.decision, c.list_version, c.hits, cardinality(c.reviewed), c.updated_at
		FROM cdd_records_v1 c
		WHERE c.decision = 'escalated' AND NOT c.erased AND (c.updated_at, c.matter_id) > (`+arg(f.AfterUpdated)+`, `+arg(f.AfterMatter)+`)
		AND `+scope.FiledUnder("c.matter_id", arg)+` AND `+scope.Unwalled("ARRAY[c.client_id]", arg)+`
		ORDER BY c.updated_at, c.matter_id LIMIT `+arg(f.Limit), args...)
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

// Querier is what ClientRecords needs of a database: a *pgxpool.Pool, or
// the access package's DB.
type Querier interface {
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
}

// ClientRecords lists the matters whose due-diligence record is of one of
// clients, oldest first: the records an access package reads from the log.
func ClientRecords(ctx context.Context, db Querier, clients []string) ([]string, error) {
	rows, err := db.Query(ctx, `SELECT matter_id FROM cdd_records_v1 WHERE client_id = ANY($1::text[]) ORDER BY started_at, matter_id`, clients)
	if err != nil {
		return nil, fmt.Errorf("cdd: a client's records: %w", err)
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, fmt.Errorf("cdd: a client's records: %w", err)
	}
	return ids, nil
}
