package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// The dump files a backup writes.
const (
	databaseDump = "database.dump"
	keystoreDump = "keystore.dump"
)

// runBackup: `klient backup --to DIR` dumps the database (event store,
// read models, and the key store unless it has its own) and the key store's
// own database if configured apart, in pg_dump's custom format, with a
// manifest. It first brings the tombstone journal up to date: the journal,
// not the backup, is what keeps an erased person erased after a restore.
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
	if err := emptyDir(dir); err != nil {
		return err
	}
	a, err := openApp(ctx, cfg)
	if err != nil {
		return err
	}
	defer a.Close()
	m, err := a.backup(ctx, dir)
	if err != nil {
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

// backup writes the dumps and the manifest into dir.
func (a *app) backup(ctx context.Context, dir string) (manifest, error) {
	m := manifest{Format: 1, CreatedAt: now(), KlientVersion: version, EventStore: "postgres", DumpTool: toolVersion("pg_dump")}
	if _, err := a.exportTombstones(ctx, a.tombstoneJournal()); err != nil {
		return m, err
	}
	tombstones, err := a.keyring.Tombstones(ctx)
	if err != nil {
		return m, err
	}
	m.Tombstones = len(tombstones)
	if err := a.describe(ctx, &m); err != nil {
		return m, err
	}
	// The database goes first: every key its events were sealed with then
	// exists when the key store is dumped after it.
	for _, d := range a.dumps(&m) {
		if _, err := runPGTool(ctx, "pg_dump", d.url, "--format=custom", "--file="+filepath.Join(dir, d.file.Name)); err != nil {
			return m, err
		}
		f, err := fileEntry(dir, d.file.Name, d.file.Holds, d.file.Database)
		if err != nil {
			return m, err
		}
		m.Files = append(m.Files, f)
	}
	return m, writeManifest(dir, m)
}

type dump struct {
	url  string
	file backupFile
}

// dumps lists what to dump, and notes what the backup leaves to others.
func (a *app) dumps(m *manifest) []dump {
	holds := "event store, read models"
	if a.cfg.EventStore != "postgres" {
		m.EventStore, holds = "esdb", "read models"
		m.Notes = append(m.Notes, "the event store is an EventStoreDB cluster: back it up with its own tools "+
			"(snapshots or esdb backup); this backup holds the key store and the read models only")
	}
	out := []dump{{url: a.cfg.DatabaseURL, file: backupFile{Name: databaseDump, Database: "database", Holds: holds}}}
	if a.cfg.KeystoreURL == a.cfg.DatabaseURL {
		out[0].file.Holds += ", key store"
	} else {
		out = append(out, dump{url: a.cfg.KeystoreURL, file: backupFile{Name: keystoreDump, Database: "key store", Holds: "key store"}})
	}
	m.Notes = append(m.Notes, "keep the tombstone journal ("+a.tombstoneJournal()+", or `klient tombstones export --to`) "+
		"apart from this backup, and the master key apart from both: a restore destroys again every key the journal lists")
	return out
}

// emptyDir makes dir, or accepts it empty: a backup never overwrites one.
func emptyDir(dir string) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("backup directory: %w", err)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return fmt.Errorf("backup directory: %w", err)
	}
	if len(entries) > 0 {
		return fmt.Errorf("backup directory %s is not empty: choose a new one", dir)
	}
	return nil
}
