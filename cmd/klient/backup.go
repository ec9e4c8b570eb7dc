package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/klient-crm/klient/internal/auditcli"
	"github.com/klient-crm/klient/internal/backup"
)

// runBackup: `klient backup --to DIR` dumps the database (the event
// store, the rows Klient writes beside the log, and the key store unless
// it has its own) and the key store's own database if configured apart,
// in pg_dump's custom format, with a copy of the tombstone journal and a
// manifest. No read model's rows are in it: they hold personal data in
// the clear, and a restore rebuilds them from the log. It first brings
// the tombstone journal up to date: the journal, not the backup, is what
// keeps an erased person erased after a restore.
func runBackup(ctx context.Context, args []string, stdout io.Writer) error {
	var dir string
	cfg, _, err := parseConfig("backup", args, stdout, func(fs *flag.FlagSet) {
		fs.StringVar(&dir, "to", "", "directory to write the backup into (new, or empty)")
	})
	if err != nil {
		return err
	}
	if dir == "" {
		return errors.New("usage: klient backup --to DIR")
	}
	_, statErr := os.Stat(dir)
	if err := backup.PrepareDir(dir); err != nil {
		return err
	}
	a, err := openApp(ctx, cfg)
	if err == nil {
		defer a.Close()
	}
	var m backup.Manifest
	if err == nil {
		m, err = backup.Take(ctx, backupConfig(cfg), a.backupLive(), dir)
	}
	if err != nil {
		// A backup that could not be taken leaves no trace: not even the
		// directory it made (Take has taken back its files).
		if errors.Is(statErr, fs.ErrNotExist) {
			_ = os.Remove(dir)
		}
		return err
	}
	for _, f := range m.Files {
		fmt.Fprintf(stdout, "%s  %d bytes  %s\n", filepath.Join(dir, f.Name), f.Bytes, f.Holds)
	}
	for _, n := range m.Notes {
		fmt.Fprintln(stdout, "note:", n)
	}
	return nil
}

// backupConfig is where cfg keeps the databases and the tombstone journal.
func backupConfig(cfg Config) backup.Config {
	return backup.Config{DatabaseURL: cfg.DatabaseURL, KeystoreURL: cfg.KeystoreURL, EventStoreDB: cfg.EventStore != "postgres",
		Journal: backup.JournalIn(cfg.DataDir), PGBinDir: env("KLIENT_PG_BINDIR", ""), Version: version, Clock: now}
}

func (a *app) backupLive() backup.Live {
	return backup.Live{Pool: a.pool, Store: a.store, Keys: a.keyring, Runtime: a.runtime}
}

// runRestore: `klient restore --from DIR` puts a backup back into the
// configured database(s), then destroys again every key the tombstone
// journal lists, so no restore brings an erased person back, and rebuilds
// every read model from the restored log, all together. Stop every
// `klient serve` first. --rebuild-read-models, which asked for a rebuild
// when a backup still held the read models, is accepted and says so.
func runRestore(ctx context.Context, args []string, stdout io.Writer) error {
	var dir string
	var obsolete bool
	cfg, _, err := parseConfig("restore", args, stdout, func(fs *flag.FlagSet) {
		fs.StringVar(&dir, "from", "", "backup directory written by `klient backup`")
		fs.BoolVar(&obsolete, "rebuild-read-models", false, "no longer needed: a restore always rebuilds every read model")
	})
	if err != nil {
		return err
	}
	if dir == "" {
		return errors.New("usage: klient restore --from DIR")
	}
	if obsolete {
		fmt.Fprintln(stdout, "note: --rebuild-read-models is no longer needed: a restore always rebuilds every read model from the log")
	}
	open := func(ctx context.Context) (backup.Opened, error) {
		a, err := openApp(ctx, cfg)
		if err != nil {
			return backup.Opened{}, err
		}
		log, err := auditcli.Audited(a.store, a.pool)
		if err != nil {
			a.Close()
			return backup.Opened{}, err
		}
		o := backup.Opened{Live: a.backupLive(), Close: a.Close, WithdrawCheckpoints: log.WithdrawPastEnd,
			RebuildAll: func(ctx context.Context) error { return a.rebuildAll(ctx, stdout) }}
		return o, nil
	}
	_, err = backup.Restore(ctx, backupConfig(cfg), dir, open, func(r backup.Restored) {
		fmt.Fprintf(stdout, "restored the backup of %s; %d tombstones re-applied, %d keys destroyed again, %d documents' bytes deleted again\n",
			r.Backup.CreatedAt.In(stockholm()).Format("2006-01-02 15:04"), r.Tombstones, r.Destroyed, r.Blobs)
		if r.Journalled > 0 {
			fmt.Fprintf(stdout, "note: the backup's copy of the tombstone journal added %d tombstones the journal lacked\n", r.Journalled)
		}
		if r.Skipped > 0 {
			fmt.Fprintf(stdout, "note: the backup held the rows of %d tables a backup now leaves out (read models, sign-ins); they were not restored\n", r.Skipped)
		}
		if r.Backup.EventStore == "esdb" {
			fmt.Fprintln(stdout, "note: restore the EventStoreDB cluster with its own tools before this; this restored the key store and the rows Klient writes beside the log, and rebuilds the read models from the cluster as it is now")
		}
		for _, cp := range r.Withdrawn {
			fmt.Fprintf(stdout, "withdrawn: audit checkpoint %d (%d events up to position %s, signed %s, digest %x) lies past the restored cluster's end; keep this line with the audit file\n",
				cp.ID, cp.Events, cp.Position, cp.CreatedAt.In(stockholm()).Format("2006-01-02 15:04"), cp.Digest)
		}
	})
	return err
}

// rebuildAll rebuilds every read model from the log, all together,
// drawing one progress bar for the slowest.
func (a *app) rebuildAll(ctx context.Context, stdout io.Writer) error {
	began := time.Now()
	bar := newProgressBar(stdout, "rebuild every read model")
	if err := a.runtime.RebuildAll(ctx, bar.Update); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "rebuilt %d read models in %s\n", len(a.runtime.Projectors()), time.Since(began).Round(100*time.Millisecond))
	return nil
}

// runTombstones: `klient tombstones export [--to FILE]` appends the key
// store's tombstones to the journal (default <data-dir>/tombstones.jsonl):
// run it after erasures, or let serve's daily job do it, and keep the file
// apart from the backups. `klient tombstones show [--from FILE]` prints a
// journal, one tombstone a line, without opening a database: how the
// journal of an instance whose image has no shell (Kubernetes, compose)
// reaches the machine that restores.
func runTombstones(ctx context.Context, args []string, stdout io.Writer) error {
	const usage = "usage: klient tombstones export [--to FILE] | show [--from FILE]"
	if len(args) == 0 || (args[0] != "export" && args[0] != "show") {
		return errors.New(usage)
	}
	var file string
	cfg, _, err := parseConfig("tombstones "+args[0], args[1:], stdout, func(fs *flag.FlagSet) {
		fs.StringVar(&file, map[string]string{"export": "to", "show": "from"}[args[0]], "",
			"the journal; default <data-dir>/"+backup.JournalName)
	})
	if err != nil {
		return err
	}
	named := file != ""
	if !named {
		file = backup.JournalIn(cfg.DataDir)
	}
	if args[0] == "show" {
		// No journal at the default place means no key destroyed yet; a
		// file named that is not there is a mistake, not an empty journal.
		if _, err := os.Stat(file); named && err != nil {
			return say("kan inte läsa journalen över förstörda nycklar %s: den finns inte eller går inte att öppna",
				"cannot read the tombstone journal %s: it does not exist or cannot be opened", file)
		}
		return showJournal(file, stdout)
	}
	a, err := openApp(ctx, cfg)
	if err != nil {
		return err
	}
	defer a.Close()
	n, err := backup.ExportTombstones(ctx, a.keyring, file)
	if err != nil {
		return err
	}
	list, err := backup.ReadJournal(file)
	fmt.Fprintf(stdout, "%d tombstones added to %s (%d in all)\n", n, file, len(list))
	return err
}

// showJournal prints the journal at file as a journal: one JSON tombstone
// a line, each subject once.
func showJournal(file string, stdout io.Writer) error {
	list, err := backup.ReadJournal(file)
	if err != nil {
		return err
	}
	enc := json.NewEncoder(stdout)
	for _, ts := range list {
		if err := enc.Encode(ts); err != nil {
			return err
		}
	}
	return nil
}
