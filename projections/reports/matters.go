package reports

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// OpenMattersIn counts the open matters in scope per responsible lawyer
// and per practice area, most first, in one pass over the matters.
func OpenMattersIn(ctx context.Context, db DB, s Scope) (OpenMatters, error) {
	var a args
	sql := `SELECT grouping(m.practice_area) = 1, coalesce(m.practice_area, m.responsible_lawyer),
		CASE WHEN grouping(m.practice_area) = 1 THEN ` + staffName("m.responsible_lawyer") + ` ELSE m.practice_area END, count(*)
		FROM matters_v1 m LEFT JOIN staff_v1 s ON s.id = m.responsible_lawyer
		WHERE m.status = 'open' AND ` + s.visible(&a) + `
		GROUP BY GROUPING SETS ((m.responsible_lawyer, s.id, s.erased, s.name), (m.practice_area))
		ORDER BY 4 DESC, 3, 2`
	rows, err := db.Query(ctx, sql, a...)
	if err != nil {
		return OpenMatters{}, fmt.Errorf("reports: open matters: %w", err)
	}
	var out OpenMatters
	var byLawyer bool
	var c Count
	_, err = pgx.ForEachRow(rows, []any{&byLawyer, &c.Key, &c.Label, &c.N}, func() error {
		if byLawyer {
			out.ByLawyer = append(out.ByLawyer, c)
		} else {
			out.ByArea = append(out.ByArea, c)
		}
		return nil
	})
	if err != nil {
		return OpenMatters{}, fmt.Errorf("reports: open matters: %w", err)
	}
	return out, nil
}

// staffName is the name of the staff member joined as s whose ID is col,
// or ” when reports may not name them.
func staffName(col string) string {
	return `CASE WHEN s.id IS NULL OR s.erased OR ` + fmt.Sprintf(hiddenPerson, col) + ` THEN '' ELSE s.name END`
}

func counts(ctx context.Context, db DB, sql string, a args) ([]Count, error) {
	rows, err := db.Query(ctx, sql, a...)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (Count, error) {
		var c Count
		return c, r.Scan(&c.Key, &c.Label, &c.N)
	})
}

// IntakeIn counts the matters in scope through intake and their last
// conflict-check decision.
func IntakeIn(ctx context.Context, db DB, s Scope) (Intake, error) {
	var a args
	var in Intake
	err := db.QueryRow(ctx, `SELECT count(*), count(*) FILTER (WHERE m.status = 'intake'),
		count(m.activated_at), count(*) FILTER (WHERE m.conflict_decision = 'declined'),
		count(*) FILTER (WHERE m.conflict_decision = 'clear'), count(*) FILTER (WHERE m.conflict_decision = 'waived'),
		count(*) FILTER (WHERE m.conflict_decision = '')
		FROM matters_v1 m WHERE `+s.visible(&a), a...).
		Scan(&in.TakenIn, &in.InIntake, &in.Opened, &in.Declined, &in.Clear, &in.Waived, &in.Unchecked)
	if err != nil {
		return Intake{}, fmt.Errorf("reports: intake: %w", err)
	}
	return in, nil
}
