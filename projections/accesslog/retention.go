package accesslog

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/klient-crm/klient/domain"
)

// DeleteOlderThan removes the entries written before cutoff (retention),
// with their sealed purposes, and returns how many. It is the only way the product deletes from the
// log: it raises the trigger's flag for its own transaction and lowers it
// again before committing, so even inside a caller's transaction (where
// Begin opens a savepoint and a SET LOCAL would outlive it) nothing else
// gets to delete.
func DeleteOlderThan(ctx context.Context, db DB, cutoff time.Time) (int64, error) {
	var n int64
	err := pgx.BeginFunc(ctx, db, func(tx pgx.Tx) error {
		if err := retentionFlag(ctx, tx, "on"); err != nil {
			return err
		}
		// The sealed purposes first: they hang off the entries by ID.
		if _, err := tx.Exec(ctx, `DELETE FROM access_log_purposes WHERE entry_id IN (SELECT id FROM access_log WHERE at < $1)`,
			cutoff); err != nil {
			return err
		}
		tag, err := tx.Exec(ctx, `DELETE FROM access_log WHERE at < $1`, cutoff)
		if err != nil {
			return err
		}
		n = tag.RowsAffected()
		return retentionFlag(ctx, tx, "off")
	})
	if err != nil {
		return 0, domain.Internal(fmt.Errorf("accesslog: retention: %w", err))
	}
	return n, nil
}

// retentionFlag is SET LOCAL klient.accesslog_retention, as a function so
// the value can be a parameter.
func retentionFlag(ctx context.Context, tx pgx.Tx, value string) error {
	_, err := tx.Exec(ctx, `SELECT set_config('klient.accesslog_retention', $1, true)`, value)
	return err
}
