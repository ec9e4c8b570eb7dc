package backup

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/klient-crm/klient/eventstore"
)

// Opened is the app opened on the configured databases, as every start
// opens it (migrating them first).
type Opened struct {
	Live
	// RebuildAll rebuilds every read model (the CLI draws its progress).
	RebuildAll func(context.Context) error
	// WithdrawCheckpoints, when set, withdraws the log's signed
	// checkpoints that lie past the restored log's end and returns them
	// (an EventStoreDB cluster's, backed up before the database:
	// docs/operations.md).
	WithdrawCheckpoints func(context.Context) ([]eventstore.Checkpoint, error)
	Close               func()
}

// Opener opens the app; a restore opens it before it replaces the
// databases and again after.
type Opener func(context.Context) (Opened, error)

// Restored is what a restore did.
type Restored struct {
	Backup     Manifest                // the restored backup's
	Journalled int                     // tombstones the backup's copy of the journal added to the journal
	Tombstones int                     // the journal's, all re-applied
	Destroyed  int                     // keys the backup held that were destroyed again
	Blobs      int64                   // documents' bytes deleted again
	Skipped    int                     // read models' tables whose rows an old backup held and the restore left out
	Withdrawn  []eventstore.Checkpoint // the cluster's checkpoints past the restored log's end, newest first
}

// Restore puts the backup in dir back into the configured database(s),
// then destroys again every key the tombstone journal lists, so no
// restore brings an erased person back, and rebuilds every read model
// from the restored log: a backup holds no read model's rows (one of
// format 1 does, and those are not restored). It refuses a damaged
// backup, one whose key store lives elsewhere than the configured one,
// and a setup whose projectors run: every `klient serve` must be stopped
// first. Before the rebuild, report (when not nil) hears what was
// restored and destroyed again.
func Restore(ctx context.Context, c Config, dir string, open Opener, report func(Restored)) (Restored, error) {
	m, err := readManifest(dir)
	if err != nil {
		return Restored{}, err
	}
	if err := checkTargets(c, m); err != nil {
		return Restored{}, err
	}
	if err := journalBeforeRestore(ctx, c, open); err != nil {
		return Restored{}, err
	}
	r := Restored{Backup: m}
	if r.Journalled, err = mergeJournalCopy(c, dir, m); err != nil {
		return r, err
	}
	if r.Skipped, err = restoreDumps(ctx, c, dir, m); err != nil {
		return r, err
	}
	return afterRestore(ctx, c, r, open, report)
}

// mergeJournalCopy appends to the journal the tombstones of the backup's
// copy it lacks (a journal lost with its machine starts again from the
// backup's). A backup of format 1 has no copy.
func mergeJournalCopy(c Config, dir string, m Manifest) (int, error) {
	for _, f := range m.Files {
		if f.Name != JournalCopy {
			continue
		}
		copied, err := ReadJournal(filepath.Join(dir, f.Name))
		if err != nil {
			return 0, err
		}
		known, err := ReadJournal(c.Journal)
		if err != nil {
			return 0, err
		}
		return appendJournal(c.Journal, missing(copied, known))
	}
	return 0, nil
}

// checkTargets refuses a backup whose key store was dumped with the
// database into a setup that keeps it apart, or the other way round.
func checkTargets(c Config, m Manifest) error {
	apart := false
	for _, f := range m.Files {
		apart = apart || f.Name == KeystoreDump
	}
	if apart != (c.KeystoreURL != c.DatabaseURL) {
		return errors.New("the backup's key store and the configured one differ in where they live: " +
			"configure --keystore-url as it was when the backup was taken")
	}
	return nil
}

// journalBeforeRestore brings the journal up to date from the live key
// store, which the restore is about to replace, and refuses while a
// server runs the projectors.
func journalBeforeRestore(ctx context.Context, c Config, open Opener) error {
	a, err := open(ctx)
	if err != nil {
		return err
	}
	defer a.Close()
	statuses, err := a.Runtime.Status(ctx)
	if err != nil {
		return err
	}
	for _, s := range statuses {
		if s.Running {
			return fmt.Errorf("projector %s is running: stop every `klient serve` before restoring", s.Name)
		}
	}
	_, err = ExportTombstones(ctx, a.Keys, c.Journal)
	return err
}

// restoreDumps empties each target database and restores its dump, in
// one transaction per dump, with no table's rows but the kept ones; it
// counts the tables whose rows it left out although the dump held them.
func restoreDumps(ctx context.Context, c Config, dir string, m Manifest) (int, error) {
	skipped := 0
	for _, f := range m.Files {
		if f.Database == "" {
			continue // the journal's copy
		}
		url := c.DatabaseURL
		if f.Database == "key store" {
			url = c.KeystoreURL
		}
		dump := filepath.Join(dir, f.Name)
		list, err := os.CreateTemp("", "klient-restore-*.list")
		if err != nil {
			return skipped, fmt.Errorf("restore: %w", err)
		}
		list.Close()
		defer os.Remove(list.Name())
		if _, err := runPGTool(ctx, c.PGBinDir, "pg_restore", "", "--list", "--file="+list.Name(), dump); err != nil {
			return skipped, err
		}
		n, err := keptOnly(list.Name())
		if err != nil {
			return skipped, fmt.Errorf("restore: %w", err)
		}
		skipped += n
		if err := emptyDatabase(ctx, url); err != nil {
			return skipped, err
		}
		_, err = runPGTool(ctx, c.PGBinDir, "pg_restore", url, "--single-transaction", "--exit-on-error", "--no-owner",
			"--use-list="+list.Name(), dump)
		if err != nil {
			return skipped, fmt.Errorf("%w (the %s is now empty: run the restore again)", err, f.Database)
		}
	}
	return skipped, nil
}
