package accesslog_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/klient-crm/klient/projections/accesslog"
)

func expectRefused(t *testing.T, err error, what string) {
	t.Helper()
	var pgErr *pgconn.PgError
	if !errors.As(err, &pgErr) || pgErr.Code != accesslog.SQLStateAppendOnly {
		t.Fatalf("%s: %v; want the append-only trigger's refusal", what, err)
	}
}

func TestUpdateDeleteTruncateRefused(t *testing.T) {
	t.Parallel()
	pool, ctx := newLog(t), context.Background()
	record(t, pool, view("anna", 0, "s1"))
	for _, sql := range []string{
		`UPDATE access_log SET staff_id = 'bo'`,
		`DELETE FROM access_log`,
		`TRUNCATE access_log`,
	} {
		_, err := pool.Exec(ctx, sql)
		expectRefused(t, err, sql)
	}
	// The flag does not open UPDATE, only DELETE, and only inside its transaction.
	err := pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		_, _ = tx.Exec(ctx, `SET LOCAL klient.accesslog_retention = 'on'`)
		_, err := tx.Exec(ctx, `UPDATE access_log SET staff_id = 'bo'`)
		return err
	})
	expectRefused(t, err, "UPDATE with the flag")
	if n := count(t, pool); n != 1 {
		t.Fatalf("%d entries left; want 1", n)
	}
}

func TestRetentionOnlyThroughDeleteOlderThan(t *testing.T) {
	t.Parallel()
	pool, ctx := newLog(t), context.Background()
	record(t, pool, view("anna", 0, "s1"), view("bo", 60, "s2"), view("anna", 120, "s3"))
	n, err := accesslog.DeleteOlderThan(ctx, pool, t0.Add(61*time.Minute))
	if err != nil || n != 2 {
		t.Fatalf("DeleteOlderThan = %d, %v; want 2", n, err)
	}
	left, _ := accesslog.Search(ctx, pool, keysOf(pool), accesslog.Filter{})
	if len(left) != 1 || left[0].StaffID != "anna" {
		t.Fatalf("left %+v", left)
	}
}

// TestRetentionFlagDoesNotLeak runs the retention inside a caller's
// transaction, where it is a savepoint: afterwards the caller's own
// DELETE must still be refused.
func TestRetentionFlagDoesNotLeak(t *testing.T) {
	t.Parallel()
	pool, ctx := newLog(t), context.Background()
	record(t, pool, view("anna", 0, "s1"), view("bo", 60, "s2"))
	err := pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		if n, err := accesslog.DeleteOlderThan(ctx, tx, t0.Add(time.Minute)); err != nil || n != 1 {
			t.Errorf("DeleteOlderThan in a transaction = %d, %v", n, err)
		}
		_, err := tx.Exec(ctx, `DELETE FROM access_log`)
		return err
	})
	expectRefused(t, err, "DELETE after retention in the same transaction")
}
