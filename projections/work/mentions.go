package work

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/klient-crm/klient/domain"
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
	Reasons             []string // oldest first, blank ones (a redaction's) included: the n-th is reason n
	Version             uint64
}

// EachDeadlineText hands fn the title and reasons of every deadline whose
// matter's key still opens them (a deadline is sealed for its matter,
// never a person's own) and that holds text. It streams.
func EachDeadlineText(ctx context.Context, db DB, fn func(DeadlineText) error) error {
	rows, err := db.Query(ctx, `SELECT d.id, d.matter_id, d.title, d.version,
			coalesce(array_agg(r.reason ORDER BY r.version) FILTER (WHERE r.deadline_id IS NOT NULL), '{}')
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

// DeadlineTextOf reads deadline id's title and every reason it was given,
// oldest first, blank ones included (a redaction restates them all, in
// their places), for a mention's page; Erased says its text is gone. An
// unknown deadline is a KindNotFound error.
func DeadlineTextOf(ctx context.Context, db DB, id string) (DeadlineText, bool, error) {
	t := DeadlineText{ID: id}
	var erased bool
	err := db.QueryRow(ctx, `SELECT d.matter_id, d.title, d.version, d.erased,
			coalesce(array_agg(r.reason ORDER BY r.version) FILTER (WHERE r.deadline_id IS NOT NULL), '{}')
		FROM deadlines_v1 d LEFT JOIN deadline_reasons_v1 r ON r.deadline_id = d.id
		WHERE d.id = $1 GROUP BY d.id`, id).Scan(&t.MatterID, &t.Title, &t.Version, &erased, &t.Reasons)
	if errors.Is(err, pgx.ErrNoRows) {
		return t, false, domain.NotFound("there is no such deadline").WithCode("work.deadline.not_found")
	}
	if err != nil {
		return t, false, fmt.Errorf("work: deadline text: %w", err)
	}
	return t, erased, nil
}
