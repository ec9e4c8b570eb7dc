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

// The flag SealOldPurposes raises lets one UPDATE through: blanking a
// purpose written in the clear, nothing else changed (and, on the sealed
// copies, a reseal under the copy's own key). Without it, or for any
// other change, the trigger refuses as ever.
func TestSealFlagOnlyBlanksAPurpose(t *testing.T) {
	t.Parallel()
	pool, ctx := newLog(t), context.Background()
	_, err := pool.Exec(ctx, `INSERT INTO access_log (at, staff_id, subjects, route, action, purpose, via)
		VALUES (now(), 'anna', '{s1}', '/contacts/{id}', 'contact.view', 'gammalt syfte', 'page')`)
	if err != nil {
		t.Fatal(err)
	}
	_, err = pool.Exec(ctx, `UPDATE access_log SET purpose = NULL`)
	expectRefused(t, err, "blanking without the flag")
	for _, sql := range []string{
		`UPDATE access_log SET purpose = NULL, staff_id = 'bo'`,
		`UPDATE access_log SET purpose = 'annat syfte'`,
		`UPDATE access_log SET staff_id = 'bo'`,
	} {
		err := pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
			_, _ = tx.Exec(ctx, `SET LOCAL klient.accesslog_seal = 'on'`)
			_, err := tx.Exec(ctx, sql)
			return err
		})
		expectRefused(t, err, sql+" with the flag")
	}
	if n, err := accesslog.SealOldPurposes(ctx, pool, accesslog.Upgrade{Keys: keysOf(pool),
		Rewrite: func(context.Context, string) error { return nil }}); err != nil || n != 1 {
		t.Fatalf("SealOldPurposes = %d, %v; want 1", n, err)
	}
	got, err := accesslog.Search(ctx, pool, keysOf(pool), accesslog.Filter{})
	if err != nil || len(got) != 1 || got[0].Purpose != "gammalt syfte" {
		t.Fatalf("after sealing the search reads %+v, %v", got, err)
	}
	_, err = pool.Exec(ctx, `UPDATE access_log SET staff_id = 'bo'`)
	expectRefused(t, err, "an UPDATE after sealing")
	// On the sealed copies the flag lets only a reseal under the copy's
	// own key through (from the shared key), never another owner or back.
	for _, sql := range []string{
		`UPDATE access_log_purposes SET owner = 'bo'`,
		`UPDATE access_log_purposes SET own_key = false`,
		`UPDATE access_log_purposes SET sealed = 'x'`,
	} {
		err := pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
			_, _ = tx.Exec(ctx, `SET LOCAL klient.accesslog_seal = 'on'`)
			_, err := tx.Exec(ctx, sql)
			return err
		})
		expectRefused(t, err, sql+" with the flag")
	}
}
