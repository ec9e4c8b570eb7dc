package work

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// TaskText is one task's free text as an erasure's search for mentions
// reads it (docs/gdpr.md, "Mentions in other matters").
type TaskText struct {
	ID, MatterID       string
	Title, Description string
	Version            uint64
}

// EachTaskText hands fn the text of every task not sealed for except (a
// task on the person being erased and on no matter goes with their key)
// that still holds text. It streams.
func EachTaskText(ctx context.Context, db DB, except string, fn func(TaskText) error) error {
	rows, err := db.Query(ctx, `SELECT id, matter_id, title, description, version FROM tasks_v1
		WHERE NOT erased AND NOT (`+sealedForContact+`)`, except)
	if err != nil {
		return fmt.Errorf("work: task texts: %w", err)
	}
	var t TaskText
	_, err = pgx.ForEachRow(rows, []any{&t.ID, &t.MatterID, &t.Title, &t.Description, &t.Version}, func() error { return fn(t) })
	if err != nil {
		return fmt.Errorf("work: task texts: %w", err)
	}
	return nil
}

// DeadlineText is one deadline's title, and the reasons it was moved or
// cancelled, as an erasure's search for mentions reads them.
type DeadlineText struct {
	ID, MatterID, Title string
	Reasons             []string // oldest first
	Version             uint64
}

// EachDeadlineText hands fn the title and reasons of every deadline whose
// matter's key still opens them (a deadline is sealed for its matter,
// never a person's own) and that holds text. It streams.
func EachDeadlineText(ctx context.Context, db DB, fn func(DeadlineText) error) error {
	rows, err := db.Query(ctx, `SELECT d.id, d.matter_id, d.title, d.version,
			coalesce(array_agg(r.reason ORDER BY r.version) FILTER (WHERE r.reason <> ''), '{}')
		FROM deadlines_v1 d LEFT JOIN deadline_reasons_v1 r ON r.deadline_id = d.id
		WHERE NOT d.erased GROUP BY d.id
		HAVING d.title <> '' OR count(*) FILTER (WHERE r.reason <> '') > 0`)
	if err != nil {
		return fmt.Errorf("work: deadline texts: %w", err)
	}
	var t DeadlineText
	_, err = pgx.ForEachRow(rows, []any{&t.ID, &t.MatterID, &t.Title, &t.Version, &t.Reasons}, func() error { return fn(t) })
	if err != nil {
		return fmt.Errorf("work: deadline texts: %w", err)
	}
	return nil
}
