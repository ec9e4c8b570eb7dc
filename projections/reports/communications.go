package reports

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// excludedSubject is true of a communication sealed with the key of a
// person the GDPR register holds as restricted or erased: reports do not
// process what a restriction freezes, nor count what an erasure removed.
const excludedSubject = `EXISTS (SELECT 1 FROM gdpr_subjects_v1 g WHERE g.subject_id = c.data_subject AND (g.restricted OR g.erased))`

// CommunicationsIn counts the communications of the last twelve months
// per matter in scope and kind, busiest matter first. Deleted and erased
// entries do not count.
func CommunicationsIn(ctx context.Context, db DB, s Scope) ([]MatterVolume, error) {
	var a args
	since := a.add(s.Now.AddDate(-1, 0, 0))
	titles := a.add(s.Titles)
	sql := `SELECT m.id, m.number, CASE WHEN ` + titles + ` THEN m.title ELSE '' END, c.kind, count(*)
		FROM communications_v1 c JOIN matters_v1 m ON m.id = c.matter_id
		WHERE c.matter_id <> '' AND c.occurred_at >= ` + since + ` AND NOT c.deleted AND NOT c.erased
		AND NOT ` + excludedSubject + ` AND ` + s.visible(&a) + `
		GROUP BY 1, 2, 3, 4`
	rows, err := db.Query(ctx, sql, a...)
	if err != nil {
		return nil, fmt.Errorf("reports: communications: %w", err)
	}
	byMatter := map[string]*MatterVolume{}
	var order []*MatterVolume
	var id, number, title, kind string
	var n int
	_, err = pgx.ForEachRow(rows, []any{&id, &number, &title, &kind, &n}, func() error {
		v := byMatter[id]
		if v == nil {
			v = &MatterVolume{MatterID: id, Number: number, Title: title, ByKind: map[string]int{}}
			byMatter[id] = v
			order = append(order, v)
		}
		v.ByKind[kind] += n
		v.Total += n
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("reports: communications: %w", err)
	}
	return sortVolumes(order), nil
}
