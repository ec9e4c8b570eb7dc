package communications

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// Beginner opens transactions (a *pgxpool.Pool).
type Beginner interface {
	Begin(ctx context.Context) (pgx.Tx, error)
}

// The steps of an advance: take the entries that fell behind the new start
// ($1) out of the counts, move the start, forget matters with nothing
// left. The lock waits for writers in flight and holds new ones back, so
// no entry is counted against a start it was not subtracted from.
const (
	lockEntriesSQL  = `LOCK TABLE communications_v2 IN SHARE MODE`
	subtractAgedSQL = `SELECT communication_volume_v2_add(c.matter_id, c.kind, -count(*)::integer)
		FROM communications_v2 c, communication_volume_window_v2 w
		WHERE c.occurred_at >= w.starts_at AND c.occurred_at < $1
			AND c.matter_id <> '' AND NOT c.deleted AND NOT c.erased
		GROUP BY c.matter_id, c.kind`
	moveStartSQL   = `UPDATE communication_volume_window_v2 SET starts_at = $1`
	forgetEmptySQL = `DELETE FROM communication_volume_v2 WHERE total = 0`
)

// AdvanceVolumeWindow moves the volume counts' start to twelve months
// before now (where the reports' year begins). It only moves forward;
// serve runs it hourly. Reports are exact without it, only slower the
// further behind the start lies.
func AdvanceVolumeWindow(ctx context.Context, db Beginner, now time.Time) error {
	start := now.AddDate(-1, 0, 0)
	err := pgx.BeginFunc(ctx, db, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, lockEntriesSQL); err != nil {
			return err
		}
		var current time.Time
		if err := tx.QueryRow(ctx, `SELECT starts_at FROM communication_volume_window_v2`).Scan(&current); err != nil {
			return err
		}
		if !current.Before(start) {
			return nil
		}
		for _, step := range []struct {
			sql  string
			args []any
		}{{subtractAgedSQL, []any{start}}, {moveStartSQL, []any{start}}, {forgetEmptySQL, nil}} {
			if _, err := tx.Exec(ctx, step.sql, step.args...); err != nil {
				return err
			}
		}
		return nil
	})
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) && pgErr.Code == "42P01" {
		return nil // undefined_table: the projector has not set its tables up yet, nothing to move
	}
	if err != nil {
		return fmt.Errorf("communications: advance the volume window: %w", err)
	}
	return nil
}
