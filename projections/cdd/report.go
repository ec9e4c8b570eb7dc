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

// ReportRow is one record of a matter taken in or open, as the AML
// officer's report lists it: no personal data, the matter named by the
// page.
type ReportRow struct {
	MatterID     string
	ClientID     string
	MatterStatus string // intake or open
	Risk         string // "" before the assessment
	Decision     string // "" while undecided
	Unreviewed   int    // hits of the latest screening no review decided
	DecidedAt    *time.Time
	ReviewDue    *time.Time // an approval's next review; nil unless approved
	Overdue      bool       // the review is due
}

// ReportFilter asks for the report as at Now with the firm's periods, cut
// by the walls before the reader in the query.
type ReportFilter struct {
	Now            time.Time
	Periods        ReviewPeriods
	WalledMatters  []string
	WalledContacts []string
}

// Report lists every record of a matter taken in or open, by matter.
func Report(ctx context.Context, db *pgxpool.Pool, f ReportFilter) ([]ReportRow, error) {
	scope := projections.Scope{Everyone: true, WalledMatters: f.WalledMatters, WalledContacts: f.WalledContacts}
	var args []any
	arg := func(v any) string { args = append(args, v); return "$" + strconv.Itoa(len(args)) }
	due := reviewDue(f.Periods, arg)
	rows, err := db.Query(ctx, `SELECT c.matter_id, c.client_id, m.status, c.risk, c.decision, greatest(c.hits - cardinality(c.reviewed), 0),
			c.decided_at, `+due+`, coalesce(`+due+` <= `+arg(f.Now)+`, false)
		FROM cdd_records_v1 c JOIN matters_v1 m ON m.id = c.matter_id
		WHERE NOT c.erased AND NOT m.erased AND m.status IN ('intake', 'open')
		AND `+scope.Matter("m", arg)+` AND `+scope.Unwalled("ARRAY[c.client_id]", arg)+`
		ORDER BY m.number, c.matter_id`, args...)
	if err != nil {
		return nil, fmt.Errorf("cdd: the report: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (ReportRow, error) {
		var x ReportRow
		err := r.Scan(&x.MatterID, &x.ClientID, &x.MatterStatus, &x.Risk, &x.Decision, &x.Unreviewed, &x.DecidedAt, &x.ReviewDue, &x.Overdue)
		return x, err
	})
	if err != nil {
		return nil, fmt.Errorf("cdd: the report: %w", err)
	}
	return out, nil
}

// Report is the report as at the watcher's now, with its periods.
func (w Watcher) Report(ctx context.Context, f ReportFilter) ([]ReportRow, error) {
	f.Now, f.Periods = w.clock(), w.periods
	return Report(ctx, w.pool, f)
}

// Counts are the report's figures: records by risk level and decision,
// the records with hits to review and how many hits, the reviews due.
type Counts struct {
	Records       int
	ByRisk        map[string]map[string]int // risk ("" unassessed) → decision ("" undecided) → records
	OpenHits      int                       // hits not reviewed, over every record
	WithOpenHits  int                       // records with one or more
	OverdueReview int
}

// CountsOf counts rows.
func CountsOf(rows []ReportRow) Counts {
	c := Counts{Records: len(rows), ByRisk: map[string]map[string]int{}}
	for _, r := range rows {
		if c.ByRisk[r.Risk] == nil {
			c.ByRisk[r.Risk] = map[string]int{}
		}
		c.ByRisk[r.Risk][r.Decision]++
		c.OpenHits += r.Unreviewed
		if r.Unreviewed > 0 {
			c.WithOpenHits++
		}
		if r.Overdue {
			c.OverdueReview++
		}
	}
	return c
}
