package reports

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// DeadlinesIn counts, per responsible person, the pending deadlines of
// matters in scope that are overdue or due from today to Sunday. People
// with neither are left out.
func DeadlinesIn(ctx context.Context, db DB, s Scope) ([]PersonDeadlines, error) {
	var a args
	today, end := a.add(s.today()), a.add(s.weekEnd())
	sql := `SELECT d.responsible, ` + staffName("d.responsible") + `,
		count(*) FILTER (WHERE d.date < ` + today + `::date),
		count(*) FILTER (WHERE d.date >= ` + today + `::date)
		FROM deadlines_v1 d JOIN matters_v1 m ON m.id = d.matter_id
		LEFT JOIN staff_v1 s ON s.id = d.responsible
		WHERE d.status = 'pending' AND d.date <= ` + end + `::date AND ` + s.visible(&a) + `
		GROUP BY 1, 2 ORDER BY 3 DESC, 4 DESC, 2, 1`
	rows, err := db.Query(ctx, sql, a...)
	if err != nil {
		return nil, fmt.Errorf("reports: deadlines: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (PersonDeadlines, error) {
		var p PersonDeadlines
		return p, r.Scan(&p.StaffID, &p.Name, &p.Overdue, &p.ThisWeek)
	})
	if err != nil {
		return nil, fmt.Errorf("reports: deadlines: %w", err)
	}
	return out, nil
}
