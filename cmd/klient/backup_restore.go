package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"path/filepath"
)

// runRestore: `klient restore --from DIR [--rebuild-read-models]` puts a
// backup back into the configured database(s), then destroys again every
// key the tombstone journal lists, so no restore brings an erased person
// back, and rebuilds the read models whenever the backup holds data
// opened with keys destroyed since (or when asked). Stop every
// `klient serve` first.
func runRestore(ctx context.Context, args []string, stdout io.Writer) error {
	var dir string
	var rebuild bool
	cfg, _, err := parseConfig("restore", args, stdout, func(fs *flag.FlagSet) {
		fs.StringVar(&dir, "from", "", "backup directory written by `klient backup`")
		fs.BoolVar(&rebuild, "rebuild-read-models", false, "rebuild every read model after the restore, needed or not")
	})
	if err != nil {
		return err
	}
	if dir == "" {
		return errors.New("usage: klient restore --from DIR [--rebuild-read-models]")
	}
	m, err := readManifest(dir)
	if err != nil {
		return err
	}
	if err := checkTargets(cfg, m); err != nil {
		return err
	}
	journal, err := journalBeforeRestore(ctx, cfg)
	if err != nil {
		return err
	}
	if err := restoreDumps(ctx, cfg, dir, m); err != nil {
		return err
	}
	return afterRestore(ctx, cfg, m, journal, rebuild, stdout)
}

// checkTargets refuses a backup whose key store was dumped with the
// database into a setup that keeps it apart, or the other way round.
func checkTargets(cfg Config, m manifest) error {
	apart := false
	for _, f := range m.Files {
		apart = apart || f.Name == keystoreDump
	}
	if apart != (cfg.KeystoreURL != cfg.DatabaseURL) {
		return errors.New("the backup's key store and the configured one differ in where they live: " +
			"configure --keystore-url as it was when the backup was taken")
	}
	return nil
}

// journalBeforeRestore brings the journal up to date from the live key
// store, which the restore is about to replace, and refuses while a
// server runs the projectors.
func journalBeforeRestore(ctx context.Context, cfg Config) (string, error) {
	a, err := openApp(ctx, cfg)
	if err != nil {
		return "", err
	}
	defer a.Close()
	statuses, err := a.runtime.Status(ctx)
	if err != nil {
		return "", err
	}
	for _, s := range statuses {
		if s.Running {
			return "", fmt.Errorf("projector %s is running: stop every `klient serve` before restoring", s.Name)
		}
	}
	_, err = a.exportTombstones(ctx, a.tombstoneJournal())
	return a.tombstoneJournal(), err
}

// restoreDumps empties each target database and restores its dump, in
// one transaction per dump.
func restoreDumps(ctx context.Context, cfg Config, dir string, m manifest) error {
	for _, f := range m.Files {
		url := cfg.DatabaseURL
		if f.Database == "key store" {
			url = cfg.KeystoreURL
		}
		if err := emptyDatabase(ctx, url); err != nil {
			return err
		}
		_, err := runPGTool(ctx, "pg_restore", url, "--single-transaction", "--exit-on-error", "--no-owner",
			filepath.Join(dir, f.Name))
		if err != nil {
			return fmt.Errorf("%w (the %s is now empty: run the restore again)", err, f.Database)
		}
	}
	return nil
}
