package reports

import (
	"context"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/klient-crm/klient/domain/communication"
)

// countedEntry is true of an entry c the communication report counts:
// filed under a matter, neither deleted nor erased (as the volume counts
// have it).
const countedEntry = `c.matter_id <> '' AND NOT c.deleted AND NOT c.erased`

// windowStart is where the volume counts begin, and excludedSubjects are
// the people the GDPR register holds as restricted or erased: reports do
// not process what a restriction freezes, nor count what an erasure
// removed. Both are evaluated once per query, so the planner reaches the
// entries concerned through their indexes (by time, by data subject).
const (
	windowStart      = `(SELECT w.starts_at FROM communication_volume_window_v2 w)`
	excludedSubjects = `SELECT g.subject_id FROM gdpr_subjects_v1 g WHERE g.restricted OR g.erased`
)

// windowEdge counts, per matter and kind with sign, the counted entries c
// that lie in range: those between the volume window's start and the
// report's year.
func windowEdge(sign, inRange string) string {
	return `SELECT c.matter_id, c.kind, ` + sign + `count(*)::integer AS n FROM communications_v2 c
				WHERE ` + inRange + ` AND ` + countedEntry + ` GROUP BY 1, 2`
}

// CommunicationsIn counts the communications of the last twelve months
// per matter in scope and kind, busiest matter first, the first limit
// matters (all when limit ≤ 0). Deleted and erased entries do not count.
// It reads the communications read model's volume counts (a row per
// matter: its entries since the window's start, in all and per kind)
// instead of counting a year of the log, and corrects them by the few
// entries that differ (those between the window's start and the report's
// year, and those sealed with an excluded person's key), so the counts are
// exact whenever the window last moved.
func CommunicationsIn(ctx context.Context, db DB, s Scope, limit int) ([]MatterVolume, error) {
	var a args
	kinds := communication.Kinds()
	since := a.add(s.Now.AddDate(-1, 0, 0))
	sums, counts, picked := make([]string, len(kinds)), make([]string, len(kinds)), make([]string, len(kinds))
	for i, k := range kinds {
		col := pgx.Identifier{string(k)}.Sanitize()
		sums[i] = "sum(n) FILTER (WHERE kind = " + a.add(string(k)) + ")::bigint AS " + col
		counts[i] = "coalesce(v." + col + ", 0) + coalesce(d." + col + ", 0) AS " + col
		picked[i] = "x." + col
	}
	volume := "coalesce(v.total, 0) + coalesce(d.total, 0)"
	titles := a.add(s.Titles)
	sql := `WITH differ AS (
			` + windowEdge("+", "c.occurred_at >= "+since+" AND c.occurred_at < "+windowStart) + `
			UNION ALL ` + windowEdge("-", "c.occurred_at >= "+windowStart+" AND c.occurred_at < "+since) + `
			UNION ALL SELECT c.matter_id, c.kind, -count(*) FROM communications_v2 c
				WHERE c.data_subject = ANY(ARRAY(` + excludedSubjects + `)) AND c.occurred_at >= ` + since + ` AND ` + countedEntry + `
				GROUP BY 1, 2),
		d AS (SELECT matter_id, sum(n)::bigint AS total, ` + strings.Join(sums, ", ") + ` FROM differ GROUP BY matter_id),
		x AS (SELECT coalesce(v.matter_id, d.matter_id) AS matter_id, ` + volume + ` AS total, ` + strings.Join(counts, ", ") + `
			FROM communication_volume_v2 v FULL JOIN d ON d.matter_id = v.matter_id WHERE ` + volume + ` > 0)
		SELECT m.id, m.number, CASE WHEN ` + titles + ` THEN m.title ELSE '' END, x.total, ` + strings.Join(picked, ", ") + `
		FROM x JOIN matters_v1 m ON m.id = x.matter_id
		WHERE ` + s.visible(&a) + `
		ORDER BY x.total DESC, m.number DESC LIMIT ` + a.add(limitOrAll(limit))
	// Planned for its values each time: a generic plan cannot tell the
	// window's edges are narrow and counts the whole log between them.
	rows, err := db.Query(ctx, sql, append([]any{pgx.QueryExecModeExec}, a...)...)
	if err != nil {
		return nil, fmt.Errorf("reports: communications: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (MatterVolume, error) {
		v := MatterVolume{ByKind: map[string]int{}}
		n := make([]int, len(kinds))
		dest := []any{&v.MatterID, &v.Number, &v.Title, &v.Total}
		for i := range n {
			dest = append(dest, &n[i])
		}
		err := r.Scan(dest...)
		for i, k := range kinds {
			v.ByKind[string(k)] = n[i]
		}
		return v, err
	})
	if err != nil {
		return nil, fmt.Errorf("reports: communications: %w", err)
	}
	return out, nil
}

// limitOrAll is a LIMIT's argument: NULL (no limit) for limit ≤ 0.
func limitOrAll(limit int) *int {
	if limit <= 0 {
		return nil
	}
	return &limit
}
