package main

import (
	"context"
	"fmt"
	"io"

	"github.com/jackc/pgx/v5"

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

// afterRestore destroys again the keys the journal lists (migrating the
// restored schema first, as any start does) and rebuilds the read models
// when the backup may hold what those keys opened.
func afterRestore(ctx context.Context, cfg Config, m manifest, journal string, rebuild bool, stdout io.Writer) error {
	a, err := openApp(ctx, cfg)
	if err != nil {
		return err
	}
	defer a.Close()
	list, err := readJournal(journal)
	if err != nil {
		return err
	}
	destroyed, err := a.keyring.ReapplyTombstones(ctx, list)
	if err != nil {
		return err
	}
	blobs, err := dropShreddedBlobs(ctx, a, list)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "restored the backup of %s; %d tombstones re-applied, %d keys destroyed again, %d documents' bytes deleted again\n",
		m.CreatedAt.In(stockholm()).Format("2006-01-02 15:04"), len(list), destroyed, blobs)
	if m.EventStore == "esdb" {
		fmt.Fprintln(stdout, "note: restore the EventStoreDB cluster with its own tools; this restored the key store and read models")
	}
	for _, ts := range list {
		rebuild = rebuild || destroyed > 0 || ts.ShreddedAt.After(m.CreatedAt)
	}
	if !rebuild {
		return nil
	}
	return a.rebuild(ctx, nil, stdout)
}

// dropShreddedBlobs deletes again the document bytes sealed for each
// journalled key: the backup may hold ciphertext an erasure or retention
// run deleted after it was taken, and unreadable bytes still should not
// wait for a broken cipher.
func dropShreddedBlobs(ctx context.Context, a *app, list []klientcrypto.Tombstone) (int64, error) {
	var total int64
	for _, ts := range list {
		n, err := documents.DeleteBlobs(ctx, a.pool, ts.Subject)
		if err != nil {
			return total, err
		}
		total += n
	}
	return total, nil
}
