// Package backup takes and restores Klient's backups, and keeps the
// tombstone journal: the list of destroyed keys kept apart from every
// backup, which a restore destroys again, so no restore brings an erased
// person back. `klient backup`, `restore` and `tombstones export` call it,
// and serve's daily job brings the journal up to date.
//
// A backup is pg_dump's custom format of the database (the event store,
// the rows the app writes directly, and the key store unless it has a
// database of its own) and of the key store's own database if configured
// apart, a copy of the tombstone journal, and a manifest that names and
// sums every file. No read model's rows are in it (tables.go): they hold
// personal data in the clear, and a restore rebuilds them from the log.
// pg_dump and pg_restore run as programs.
//
// May import: the key ring (crypto), the event store's types, the
// projections runtime and the documents read model (to delete bytes sealed
// with a destroyed key again).
package backup

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	klientcrypto "github.com/klient-crm/klient/crypto"
	"github.com/klient-crm/klient/eventstore"
	"github.com/klient-crm/klient/projections"
)

// The dump files a backup writes.
const (
	DatabaseDump = "database.dump"
	KeystoreDump = "keystore.dump"
	JournalCopy  = JournalName // the tombstone journal as it was when the backup was taken
)

// format is the manifest's: 2 leaves the read models' rows out and copies
// the journal; a restore still reads 1, whose read-model rows it skips.
const format = 2

// Config is where the databases are and what a backup records.
type Config struct {
	DatabaseURL string // the event store (PostgreSQL), read models, and the key store unless KeystoreURL differs
	KeystoreURL string // the key store's; DatabaseURL when it is not apart
	// EventStoreDB: the log is an EventStoreDB cluster, which its own
	// tools back up.
	EventStoreDB bool
	Journal      string           // the tombstone journal's path (JournalIn)
	PGBinDir     string           // where pg_dump and pg_restore are, before the usual places (KLIENT_PG_BINDIR)
	Version      string           // Klient's, for the manifest
	Clock        func() time.Time // the manifest's time
}

// Live is the opened app a backup describes and a restore works through.
type Live struct {
	Pool    *pgxpool.Pool // the database
	Store   eventstore.Store
	Keys    *klientcrypto.Keyring
	Runtime *projections.Runtime
}

// PrepareDir makes dir, or accepts it empty: a backup never overwrites
// one.
func PrepareDir(dir string) error {
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

// Take writes the dumps and the manifest into dir (PrepareDir's). It
// first brings the tombstone journal up to date: the journal, not the
// backup, is what keeps an erased person erased after a restore.
func Take(ctx context.Context, c Config, live Live, dir string) (_ Manifest, err error) {
	// A backup cut off halfway (the database stopped under pg_dump) takes
	// back every file it began, so that no half dump lies in the
	// directory looking like a backup, and the directory takes the next.
	var begun []string
	defer func() {
		if err != nil {
			for _, name := range begun {
				_ = os.Remove(filepath.Join(dir, name))
			}
		}
	}()
	m := Manifest{Format: format, CreatedAt: c.Clock(), KlientVersion: c.Version, EventStore: "postgres",
		DumpTool: toolVersion(c.PGBinDir, "pg_dump")}
	if _, err := ExportTombstones(ctx, live.Keys, c.Journal); err != nil {
		return m, err
	}
	tombstones, err := live.Keys.Tombstones(ctx)
	if err != nil {
		return m, err
	}
	m.Tombstones = len(tombstones)
	if err := describe(ctx, live, &m); err != nil {
		return m, err
	}
	// The database goes first: every key its events were sealed with then
	// exists when the key store is dumped after it.
	for _, d := range dumps(c, &m) {
		leftOut, err := tablesLeftOut(ctx, d.url)
		if err != nil {
			return m, err
		}
		// A rebuild beside the serving read model (rebuild_<name>) may
		// create its copy after the tables were listed: its schema is
		// never dumped, whenever it appears.
		// The dump is its owner's alone, as the manifest is: created 0600
		// before pg_dump writes into it (pg_dump would make it 0644).
		begun = append(begun, d.file.Name)
		if err := os.WriteFile(filepath.Join(dir, d.file.Name), nil, 0o600); err != nil {
			return m, fmt.Errorf("backup: %w", err)
		}
		args := []string{"--format=custom", "--file=" + filepath.Join(dir, d.file.Name), "--exclude-schema=rebuild_*"}
		for _, t := range leftOut {
			args = append(args, "--exclude-table-data="+t)
		}
		if _, err := runPGTool(ctx, c.PGBinDir, "pg_dump", d.url, args...); err != nil {
			return m, err
		}
		f, err := fileEntry(dir, d.file.Name, d.file.Holds, d.file.Database)
		if err != nil {
			return m, err
		}
		m.Files = append(m.Files, f)
	}
	begun = append(begun, JournalCopy, manifestName)
	f, err := copyJournal(c.Journal, dir)
	if err != nil {
		return m, err
	}
	m.Files = append(m.Files, f)
	return m, writeManifest(dir, m)
}

// copyJournal writes the journal's tombstones into the backup: no
// substitute for the journal kept apart (it cannot know of erasures after
// the backup), but a restore on a machine that lost its journal starts
// from this copy rather than from nothing.
func copyJournal(journal, dir string) (File, error) {
	list, err := ReadJournal(journal)
	if err != nil {
		return File{}, err
	}
	if _, err := appendJournal(filepath.Join(dir, JournalCopy), list); err != nil {
		return File{}, err
	}
	if len(list) == 0 { // appendJournal writes nothing for nothing
		if err := os.WriteFile(filepath.Join(dir, JournalCopy), nil, 0o600); err != nil {
			return File{}, fmt.Errorf("backup: %w", err)
		}
	}
	return fileEntry(dir, JournalCopy, "tombstone journal (a copy)", "")
}

type dump struct {
	url  string
	file File
}

// dumps lists what to dump, and notes what the backup leaves to others.
func dumps(c Config, m *Manifest) []dump {
	holds := "event store, staff credentials, access log, documents, erasure certificates"
	if c.EventStoreDB {
		m.EventStore, holds = "esdb", "staff credentials, access log, documents, erasure certificates"
		m.Notes = append(m.Notes, "the event store is an EventStoreDB cluster: back it up with its own tools "+
			"(snapshots or esdb backup); this backup holds the key store and the rows Klient writes beside the log")
	}
	m.Notes = append(m.Notes, "no read model's rows are in this backup: `klient restore` rebuilds them from the log")
	out := []dump{{url: c.DatabaseURL, file: File{Name: DatabaseDump, Database: "database", Holds: holds}}}
	if c.KeystoreURL == c.DatabaseURL {
		out[0].file.Holds += ", key store"
	} else {
		out = append(out, dump{url: c.KeystoreURL, file: File{Name: KeystoreDump, Database: "key store", Holds: "key store"}})
	}
	m.Notes = append(m.Notes, "keep the tombstone journal ("+c.Journal+", or `klient tombstones export --to`) "+
		"apart from this backup, and the master key apart from both: a restore destroys again every key the journal lists")
	return out
}
