package cdd

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/klient-crm/klient/projections"
)

// Runs keeps the monitoring runs (cdd_monitoring_runs) and names the
// records a run screens: issue 17's monitoring, every active client
// screened again when a new list is imported.
type Runs struct{ pool *pgxpool.Pool }

// NewRuns returns the runs over pool, whose database has Migrations.
func NewRuns(pool *pgxpool.Pool) (*Runs, error) {
	if pool == nil {
		return nil, errors.New("cdd.NewRuns: a pool is required")
	}
	return &Runs{pool: pool}, nil
}

// abandonedAfter is how long an unfinished run holds its claim: an
// instance that stopped in the middle leaves the list to be monitored
// again by another an hour later (a run appends only new hits, so running
// twice writes nothing twice).
const abandonedAfter = time.Hour

// Claim claims list listID's run at now for the caller: false when a run
// of it has finished, or started less than an hour ago.
func (r *Runs) Claim(ctx context.Context, listID string, now time.Time) (bool, error) {
	tag, err := r.pool.Exec(ctx, `INSERT INTO cdd_monitoring_runs (list_id, started_at) VALUES ($1, $2)
		ON CONFLICT (list_id) DO UPDATE SET started_at = $2, failed = ''
		WHERE cdd_monitoring_runs.finished_at IS NULL AND cdd_monitoring_runs.started_at < $3`,
		listID, now, now.Add(-abandonedAfter))
	if err != nil {
		return false, fmt.Errorf("cdd: claiming a monitoring run: %w", err)
	}
	return tag.RowsAffected() == 1, nil
}

// Finish records the end of list listID's run: the records screened, those
// with new hits, and why it stopped when it failed (then it is claimed
// again after an hour).
func (r *Runs) Finish(ctx context.Context, listID string, now time.Time, screened, newHits int, failed string) error {
	finished := &now
	if failed != "" {
		finished = nil
	}
	_, err := r.pool.Exec(ctx, `UPDATE cdd_monitoring_runs SET finished_at = $2, screened = $3, new_hits = $4, failed = $5
		WHERE list_id = $1`, listID, finished, screened, newHits, failed)
	if err != nil {
		return fmt.Errorf("cdd: finishing a monitoring run: %w", err)
	}
	return nil
}

// Run is one monitoring run as the AML officer's page shows it.
type Run struct {
	ListID      string
	ListVersion string
	StartedAt   time.Time
	FinishedAt  *time.Time
	Screened    int
	NewHits     int
	Failed      string
}

// LastRun is the run of the list imported last; found is false before any.
func (r *Runs) LastRun(ctx context.Context) (run Run, found bool, err error) {
	err = r.pool.QueryRow(ctx, `SELECT m.list_id, l.version, m.started_at, m.finished_at, m.screened, m.new_hits, m.failed
		FROM cdd_monitoring_runs m JOIN cdd_sanctions_lists l USING (list_id)
		ORDER BY l.imported_at DESC, l.list_id DESC LIMIT 1`).Scan(&run.ListID, &run.ListVersion, &run.StartedAt, &run.FinishedAt,
		&run.Screened, &run.NewHits, &run.Failed)
	if errors.Is(err, pgx.ErrNoRows) {
		return Run{}, false, nil
	}
	if err != nil {
		return Run{}, false, fmt.Errorf("cdd: reading the last monitoring run: %w", err)
	}
	return run, true, nil
}

// Monitored lists the matters whose records a run screens: every record
// not erased of a matter taken in or open — the firm's active clients. A
// closed matter's record is kept for its retention, not monitored.
func (r *Runs) Monitored(ctx context.Context) ([]string, error) {
	rows, err := r.pool.Query(ctx, `SELECT c.matter_id FROM cdd_records_v1 c JOIN matters_v1 m ON m.id = c.matter_id
		WHERE NOT c.erased AND NOT m.erased AND m.status IN ('intake', 'open') ORDER BY c.matter_id`)
	if err != nil {
		return nil, fmt.Errorf("cdd: the records to monitor: %w", err)
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, fmt.Errorf("cdd: the records to monitor: %w", err)
	}
	return ids, nil
}

// ReviewPeriods are how often an approved record is reviewed
// (penningtvättslagen's ongoing monitoring, 3 kap. 15 §): High months for
// a high-risk engagement, Other months for the rest.
type ReviewPeriods struct{ High, Other int }

// DefaultReviewPeriods are issue 17's: high risk yearly, others every
// three years.
var DefaultReviewPeriods = ReviewPeriods{High: 12, Other: 36}

// WatchItem is one record that needs the lawyer's or the officer's
// attention: hits of the latest screening not yet reviewed (a new list's
// among them), an open matter's record left undecided, or an approval
// older than its review period.
type WatchItem struct {
	MatterID   string
	ClientID   string
	Risk       string
	Unreviewed int        // hits of the latest screening no review decided
	Undecided  bool       // the matter is open and its record has no decision in force
	ReviewDue  *time.Time // when the periodic review fell due; nil when it has not
	ListDate   *time.Time // the latest screening's list
}

// WatchFilter asks for the records of the matters Responsible is the
// responsible lawyer of ("" for the firm's: the AML officer), as at Now,
// cut by the walls before the reader in the query.
type WatchFilter struct {
	Responsible    string
	Now            time.Time
	Periods        ReviewPeriods
	WalledMatters  []string
	WalledContacts []string
	Limit          int
}

// reviewDue is the SQL of when record c's periodic review falls due: its
// approval plus its risk's period (the defaults where p sets none); NULL
// for a record not approved.
func reviewDue(p ReviewPeriods, arg func(any) string) string {
	if p.High <= 0 || p.Other <= 0 {
		p = DefaultReviewPeriods
	}
	return `CASE WHEN c.decision = 'approved' THEN c.decided_at + make_interval(months => CASE WHEN c.risk = 'high' THEN ` +
		arg(p.High) + `::int ELSE ` + arg(p.Other) + `::int END) END`
}

// Watch lists the records needing attention, the longest due first.
func Watch(ctx context.Context, db *pgxpool.Pool, f WatchFilter) ([]WatchItem, error) {
	scope := projections.Scope{Everyone: true, WalledMatters: f.WalledMatters, WalledContacts: f.WalledContacts}
	var args []any
	arg := func(v any) string { args = append(args, v); return "$" + strconv.Itoa(len(args)) }
	due := reviewDue(f.Periods, arg)
	now, lawyer := arg(f.Now), arg(f.Responsible)
	rows, err := db.Query(ctx, `SELECT matter_id, client_id, risk, unreviewed, undecided, CASE WHEN due <= `+now+` THEN due END, list_date
		FROM (SELECT c.matter_id, c.client_id, c.risk, greatest(c.hits - cardinality(c.reviewed), 0) AS unreviewed,
			m.status = 'open' AND c.decision = '' AS undecided, `+due+` AS due, c.list_date, c.updated_at
			FROM cdd_records_v1 c JOIN matters_v1 m ON m.id = c.matter_id
			WHERE NOT c.erased AND NOT m.erased AND m.status IN ('intake', 'open')
			AND (`+lawyer+` = '' OR m.responsible_lawyer = `+lawyer+`)
			AND `+scope.Matter("m", arg)+` AND `+scope.Unwalled("ARRAY[c.client_id]", arg)+`) w
		WHERE unreviewed > 0 OR undecided OR due <= `+now+`
		ORDER BY coalesce(due, updated_at), matter_id LIMIT `+arg(max(f.Limit, 1)), args...)
	if err != nil {
		return nil, fmt.Errorf("cdd: the records to watch: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (WatchItem, error) {
		var w WatchItem
		err := r.Scan(&w.MatterID, &w.ClientID, &w.Risk, &w.Unreviewed, &w.Undecided, &w.ReviewDue, &w.ListDate)
		return w, err
	})
	if err != nil {
		return nil, fmt.Errorf("cdd: the records to watch: %w", err)
	}
	return out, nil
}

// Watcher is Watch over a database with the firm's review periods and a
// clock: the start pages' port (casework's and the AML officer's).
type Watcher struct {
	pool    *pgxpool.Pool
	periods ReviewPeriods
	clock   func() time.Time
}

// NewWatcher returns the watcher; periods of 0 months are the defaults.
func NewWatcher(pool *pgxpool.Pool, periods ReviewPeriods, clock func() time.Time) Watcher {
	if periods.High <= 0 {
		periods.High = DefaultReviewPeriods.High
	}
	if periods.Other <= 0 {
		periods.Other = DefaultReviewPeriods.Other
	}
	return Watcher{pool: pool, periods: periods, clock: clock}
}

// At is the watcher reading as at clock's now (a test reads the pages as
// at a later date: the log's own times cannot be set back).
func (w Watcher) At(clock func() time.Time) Watcher {
	w.clock = clock
	return w
}

// Watch lists the records needing attention as at the clock's now.
func (w Watcher) Watch(ctx context.Context, f WatchFilter) ([]WatchItem, error) {
	f.Now, f.Periods = w.clock(), w.periods
	return Watch(ctx, w.pool, f)
}
