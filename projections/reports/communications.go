package reports

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/klient-crm/klient/domain/communication"
)

// excludedSubject is true of a communication sealed with the key of a
// person the GDPR register holds as restricted or erased: reports do not
// process what a restriction freezes, nor count what an erasure removed.
const excludedSubject = `EXISTS (SELECT 1 FROM gdpr_subjects_v1 g WHERE g.subject_id = c.data_subject AND (g.restricted OR g.erased))`

// CommunicationsIn counts the communications of the last twelve months
// per matter in scope and kind, busiest matter first, the first limit
// matters (all when limit ≤ 0). Deleted and erased entries do not count.
// The counting stays in PostgreSQL: a dashboard wants ten rows of twenty
// thousand.
func CommunicationsIn(ctx context.Context, db DB, s Scope, limit int) ([]MatterVolume, error) {
	var a args
	kinds := communication.Kinds()
	cols := make([]string, len(kinds))
	for i, k := range kinds {
		cols[i] = "count(*) FILTER (WHERE c.kind = " + a.add(string(k)) + ") AS k" + strconv.Itoa(i)
	}
	since, titles := a.add(s.Now.AddDate(-1, 0, 0)), a.add(s.Titles)
	counted := ` AND c.occurred_at >= ` + since + ` AND NOT c.deleted AND NOT c.erased AND NOT ` + excludedSubject
	var sql string
	if s.FirmWide {
		sql = inOnePass(&a, s, titles, counted, cols, limit)
	} else {
		sql = perMatter(&a, s, titles, counted, cols, limit)
	}
	rows, err := db.Query(ctx, sql, a...)
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

// inOnePass is the firm-wide count: one pass over the log, counted per
// matter before the matters are joined (twenty thousand lookups, not one
// per entry).
func inOnePass(a *args, s Scope, titles, counted string, cols []string, limit int) string {
	picked := make([]string, len(cols))
	for i := range cols {
		picked[i] = "x.k" + strconv.Itoa(i)
	}
	return `SELECT m.id, m.number, CASE WHEN ` + titles + ` THEN m.title ELSE '' END, x.total, ` + strings.Join(picked, ", ") + `
		FROM (SELECT c.matter_id, count(*) AS total, ` + strings.Join(cols, ", ") + `
			FROM communications_v1 c WHERE c.matter_id <> ''` + counted + ` GROUP BY c.matter_id) x
		JOIN matters_v1 m ON m.id = x.matter_id
		WHERE ` + s.visible(a) + `
		ORDER BY x.total DESC, m.number DESC LIMIT ` + a.add(limitOrAll(limit))
}

// perMatter is the count for one member's matters: their few thousand
// matters first, then each one's entries over the log's (matter, time)
// index. A firm-wide count reads most of the log anyway, where one pass
// over it (CommunicationsIn's join) is faster.
func perMatter(a *args, s Scope, titles, counted string, cols []string, limit int) string {
	return `SELECT m.id, m.number, CASE WHEN ` + titles + ` THEN m.title ELSE '' END, x.*
		FROM matters_v1 m CROSS JOIN LATERAL (SELECT count(*) AS total, ` + strings.Join(cols, ", ") + `
			FROM communications_v1 c WHERE c.matter_id = m.id AND c.matter_id <> ''` + counted + `) x
		WHERE x.total > 0 AND ` + s.visible(a) + `
		ORDER BY x.total DESC, m.number DESC LIMIT ` + a.add(limitOrAll(limit))
}
