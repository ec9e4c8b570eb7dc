package reports

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// RequestsAt counts the register's data-subject requests by status, and
// the open ones by days left to their deadline at now (Stockholm days).
func RequestsAt(ctx context.Context, db DB, now time.Time) (RequestLoad, error) {
	today := Scope{Now: now}.today()
	byStatus, err := counts(ctx, db, `SELECT s.status, s.status, count(r.request_id)
		FROM unnest(ARRAY['open', 'completed', 'refused']) WITH ORDINALITY s(status, ord)
		LEFT JOIN gdpr_requests_v1 r ON r.status = s.status
		GROUP BY s.status, s.ord ORDER BY s.ord`, nil)
	if err != nil {
		return RequestLoad{}, fmt.Errorf("reports: requests by status: %w", err)
	}
	byDue, err := counts(ctx, db, `SELECT b.bucket, b.bucket, count(r.request_id)
		FROM unnest(ARRAY['overdue', '0-7', '8-14', '15-30', 'over_30']) WITH ORDINALITY b(bucket, ord)
		LEFT JOIN gdpr_requests_v1 r ON r.status = 'open' AND b.bucket = CASE
			WHEN r.deadline < $1::date THEN 'overdue'
			WHEN r.deadline - $1::date <= 7 THEN '0-7'
			WHEN r.deadline - $1::date <= 14 THEN '8-14'
			WHEN r.deadline - $1::date <= 30 THEN '15-30'
			ELSE 'over_30' END
		GROUP BY b.bucket, b.ord ORDER BY b.ord`, args{today})
	if err != nil {
		return RequestLoad{}, fmt.Errorf("reports: open requests by deadline: %w", err)
	}
	return RequestLoad{ByStatus: byStatus, OpenByDue: byDue}, nil
}

// ErasuresAt counts, for the twelve Stockholm months up to now's, the
// erasures finished (from their certificates) and the records deleted
// (from the deletion log), oldest month first. Counts only: neither
// source holds anything but pseudonyms.
func ErasuresAt(ctx context.Context, db DB, now time.Time) ([]Month, error) {
	first := Scope{Now: now}.today()
	first = time.Date(first.Year(), first.Month(), 1, 0, 0, 0, 0, time.UTC).AddDate(0, -11, 0)
	rows, err := db.Query(ctx, `WITH months AS (
			SELECT generate_series($1::date, $1::date + interval '11 months', interval '1 month')::date AS start),
		erasures AS (SELECT date_trunc('month', erased_at AT TIME ZONE 'Europe/Stockholm')::date AS start, count(*) AS n
			FROM gdpr_erasure_certificates WHERE erased_at IS NOT NULL GROUP BY 1),
		deletions AS (SELECT date_trunc('month', deleted_at AT TIME ZONE 'Europe/Stockholm')::date AS start, sum(records) AS n
			FROM gdpr_deletion_log WHERE deleted_at >= $1::date - interval '1 day' GROUP BY 1)
		SELECT m.start, coalesce(e.n, 0), coalesce(d.n, 0)
		FROM months m LEFT JOIN erasures e USING (start) LEFT JOIN deletions d USING (start) ORDER BY m.start`, first)
	if err != nil {
		return nil, fmt.Errorf("reports: erasures: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (Month, error) {
		var m Month
		return m, r.Scan(&m.Start, &m.Erasures, &m.Deletions)
	})
	if err != nil {
		return nil, fmt.Errorf("reports: erasures: %w", err)
	}
	return out, nil
}
