package backup

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	klientcrypto "github.com/klient-crm/klient/crypto"
	"github.com/klient-crm/klient/projections/documents"
)

// emptyDatabase drops every schema of the database at url but the
// system's, and makes public anew: restoring into what a later version
// added (a table, a migration's bookkeeping) would leave a mixture.
func emptyDatabase(ctx context.Context, url string) error {
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	defer conn.Close(context.WithoutCancel(ctx))
	return pgx.BeginFunc(ctx, conn, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `SELECT quote_ident(nspname) FROM pg_namespace
			WHERE nspname NOT LIKE 'pg\_%' AND nspname <> 'information_schema'`)
		if err != nil {
			return err
		}
		schemas, err := pgx.CollectRows(rows, pgx.RowTo[string])
		if err != nil {
			return err
		}
		for _, s := range schemas {
			if _, err := tx.Exec(ctx, `DROP SCHEMA `+s+` CASCADE`); err != nil {
				return fmt.Errorf("restore: empty the database: %w", err)
			}
		}
		_, err = tx.Exec(ctx, `CREATE SCHEMA public`)
		return err
	})
}

// afterRestore destroys again the keys the journal lists (opening the
// restored databases migrates them first, as any start does), then
// rebuilds every read model from the log: after the keys, so nothing is
// opened with a key destroyed since the backup was taken.
func afterRestore(ctx context.Context, c Config, r Restored, open Opener, report func(Restored)) (Restored, error) {
	a, err := open(ctx)
	if err != nil {
		return r, err
	}
	defer a.Close()
	list, err := ReadJournal(c.Journal)
	if err != nil {
		return r, err
	}
	r.Tombstones = len(list)
	if r.Destroyed, err = a.Keys.ReapplyTombstones(ctx, list); err != nil {
		return r, err
	}
	if r.Blobs, err = dropShreddedBlobs(ctx, a.Pool, list); err != nil {
		return r, err
	}
	if a.WithdrawCheckpoints != nil {
		if r.Withdrawn, err = a.WithdrawCheckpoints(ctx); err != nil {
			return r, err
		}
	}
	if report != nil {
		report(r)
	}
	if err := a.RebuildAll(ctx); err != nil {
		return r, err
	}
	// The rebuild read the log as it is now: a checkpoint past its end
	// means the log changed under it (a cluster restored meanwhile).
	return r, a.Runtime.CheckInLog(ctx)
}

// dropShreddedBlobs deletes again the document bytes sealed for each
// journalled key: the backup may hold ciphertext an erasure or retention
// run deleted after it was taken, and unreadable bytes still should not
// wait for a broken cipher.
func dropShreddedBlobs(ctx context.Context, pool *pgxpool.Pool, list []klientcrypto.Tombstone) (int64, error) {
	var total int64
	for _, ts := range list {
		n, err := documents.DeleteBlobs(ctx, pool, ts.Subject)
		if err != nil {
			return total, err
		}
		total += n
	}
	return total, nil
}
