package backup

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/contact"
	"github.com/klient-crm/klient/domain/gdpr"
	"github.com/klient-crm/klient/internal/apptest"
	"github.com/klient-crm/klient/internal/erasure"
	"github.com/klient-crm/klient/internal/pgtest"
	"github.com/klient-crm/klient/internal/retention"
	"github.com/klient-crm/klient/projections/contacts"
	"github.com/klient-crm/klient/projections/documents"
)

// greta is the person the backup test erases.
func greta() contact.PersonDetails {
	return contact.PersonDetails{GivenName: "Greta", FamilyName: "Glömskasson",
		Emails: []contact.Email{{Address: "greta.glomskasson@exempel.se"}}}
}

// A backup taken before an erasure, restored after it, does not bring the
// person back: the journal destroys the key again and the read models are
// rebuilt, so she is found nowhere and her events open as erased.
func TestRestoreKeepsTheErasedErased(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	a := apptest.New(t)
	c := configOf(a)
	res := apptest.Person(t, a.Contacts, greta())
	kept := apptest.Person(t, a.Contacts, contact.PersonDetails{GivenName: "Karl", FamilyName: "Kvarblivare"})
	apptest.Project(t, a.Runtime, apptest.Basis(t, a.Subjects, kept.ContactID))
	blobs, err := documents.NewStore(a.Pool, a.Keys, documents.Config{})
	apptest.Must(t, err)
	_, _, _, err = blobs.Put(ctx, uuid.NewString(), res.ContactID, strings.NewReader("Gretas brev"), 1<<20)
	apptest.Must(t, err)
	dir := filepath.Join(t.TempDir(), "backup")
	apptest.Must(t, PrepareDir(dir))
	m, err := Take(ctx, c, liveOf(a), dir)
	apptest.Must(t, err)
	if len(m.Files) != 2 || m.Files[0].Name != DatabaseDump || !strings.Contains(m.Files[0].Holds, "key store") ||
		m.Files[1].Name != JournalCopy {
		t.Fatalf("backup files: %+v", m.Files)
	}
	a.Close()

	erase(t, a.URL, a.DataDir, res.ContactID)

	var rebuilt bool
	r, err := Restore(ctx, c, dir, opener(t, a.URL, a.DataDir, &rebuilt), nil)
	apptest.Must(t, err)
	if r.Tombstones != 1 || r.Destroyed != 1 || r.Blobs != 1 || !rebuilt {
		t.Fatalf("restore: %+v, rebuilt %v", r, rebuilt)
	}
	b := apptest.Open(t, a.URL, a.DataDir)
	if gone, err := b.Keys.IsShredded(ctx, res.ContactID); err != nil || !gone {
		t.Fatalf("key after the restore: shredded %v, %v", gone, err)
	}
	if n, err := documents.NewEraser(b.Pool).DocumentsOf(ctx, res.ContactID); err != nil || n != 0 {
		t.Fatalf("her document's bytes after the restore: %d, %v", n, err)
	}
	if _, err := contacts.Get(ctx, b.Pool, res.ContactID); !domain.IsKind(err, domain.KindErased) {
		t.Fatalf("contact after the restore: %v", err)
	}
	if found, err := contacts.Search(ctx, b.Pool, "Glömskasson", contacts.Options{}); err != nil || len(found) != 0 {
		t.Fatalf("search after the restore: %+v, %v", found, err)
	}
	if leaks := apptest.TablesHolding(t, b.Pool, "Glömskasson", "greta.glomskasson"); len(leaks) != 0 {
		t.Fatalf("the erased person is back in: %v", leaks)
	}
	envs, err := b.Store.ReadStream(ctx, contact.StreamName(res.ContactID), 0, 10)
	apptest.Must(t, err)
	d, err := b.Codec.Decode(ctx, envs[0])
	if err != nil || !d.IsErased(res.ContactID) || d.Event.(contact.PersonRegistered).Details.FamilyName != "" {
		t.Fatalf("decoding her registration: %+v, %v", d.Event, err)
	}
	if k, err := contacts.Get(ctx, b.Pool, kept.ContactID); err != nil || k.FamilyName != "Kvarblivare" {
		t.Fatalf("the other person: %+v, %v", k, err)
	}
}

// erase erases subject on the database at url after the backup, as the
// retention run does with a person without a lawful basis three years on:
// through the erasure executor, which destroys their key and deletes
// their documents, beside the projectors, as in serve.
func erase(t *testing.T, url, dataDir, subject string) {
	t.Helper()
	ctx := context.Background()
	a := apptest.Open(t, url, dataDir)
	defer a.Close()
	running, stop := context.WithCancel(ctx)
	var wg sync.WaitGroup
	wg.Go(func() { _ = a.Runtime.Run(running) })
	defer func() { stop(); wg.Wait() }()
	e := erasure.Jobs{Pool: a.Pool, Store: a.Store, Codec: a.Codec, Keys: a.Keys, Runtime: a.Runtime, Log: a.Log, Clock: apptest.Now,
		Journal: Journaller(JournalIn(a.DataDir))}
	r := retention.Jobs{Pool: a.Pool, Keys: a.Keys, Runtime: a.Runtime, Secrets: a.Secrets, Log: a.Log, Executor: e.Executor,
		Clock: apptest.Now}
	h, err := r.Handler(gdpr.DefaultRetentionRules, func() time.Time { return time.Now().AddDate(3, 0, 0) })
	apptest.Must(t, err)
	report, err := r.Run(ctx, h, false, apptest.Now)
	if err != nil || len(report.Deleted) != 1 || report.Deleted[0].RecordID != subject {
		t.Fatalf("retention: %v, %+v", err, report)
	}
}

// A backup directory is written once; a damaged backup is refused.
func TestBackupRefusesWhatItCannotTrust(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	a := apptest.New(t)
	dir := t.TempDir()
	apptest.Must(t, os.WriteFile(filepath.Join(dir, "other"), []byte("x"), 0o600))
	if err := PrepareDir(dir); err == nil || !strings.Contains(err.Error(), "not empty") {
		t.Fatalf("backup into a used directory: %v", err)
	}
	dir = filepath.Join(t.TempDir(), "b")
	apptest.Must(t, PrepareDir(dir))
	_, err := Take(ctx, configOf(a), liveOf(a), dir)
	apptest.Must(t, err)
	apptest.Must(t, os.WriteFile(filepath.Join(dir, DatabaseDump), []byte("not a dump"), 0o600))
	if _, err := Restore(ctx, configOf(a), dir, opener(t, a.URL, a.DataDir, new(bool)), nil); err == nil || !strings.Contains(err.Error(), "checksum") {
		t.Fatalf("restore of a damaged backup: %v", err)
	}
	if _, err := pgTool("", "pg_nosuchtool"); err == nil || !strings.Contains(err.Error(), "pg_nosuchtool not found") {
		t.Fatalf("a missing tool: %v", err)
	}
}

// configOf is a's setup as `klient` configures it: the key store in the
// database, the journal in the data directory.
func configOf(a *apptest.App) Config {
	return Config{DatabaseURL: a.URL, KeystoreURL: a.URL, Journal: JournalIn(a.DataDir),
		PGBinDir: os.Getenv("KLIENT_PG_BINDIR"), Version: "test", Clock: apptest.Now}
}

func liveOf(a *apptest.App) Live {
	return Live{Pool: a.Pool, Store: a.Store, Keys: a.Keys, Runtime: a.Runtime}
}

// opener opens the database at url again, as the CLI does; its
// RebuildAll is the runtime's, and notes that it ran in rebuilt.
func opener(t *testing.T, url, dataDir string, rebuilt *bool) Opener {
	return func(ctx context.Context) (Opened, error) {
		b := apptest.Open(t, url, dataDir)
		return Opened{Live: liveOf(b), Close: b.Close, RebuildAll: func(ctx context.Context) error {
			*rebuilt = true
			return b.Runtime.RebuildAll(ctx, nil)
		}}, nil
	}
}

// A backup restored into a fresh database right after an erasure — before
// any daily run has brought the tombstone journal up to date — does not
// bring the person back (issue 11, item 3: "0 tombstones re-applied" and
// her name was back): the erasure wrote her tombstone to the journal before
// it was reported done.
func TestRestoreIntoAFreshDatabaseRightAfterAnErasure(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	a := apptest.New(t)
	res := apptest.Person(t, a.Contacts, greta())
	kept := apptest.Person(t, a.Contacts, contact.PersonDetails{GivenName: "Karl", FamilyName: "Kvarblivare"})
	apptest.Project(t, a.Runtime, apptest.Basis(t, a.Subjects, kept.ContactID))
	dir := filepath.Join(t.TempDir(), "backup")
	apptest.Must(t, PrepareDir(dir))
	_, err := Take(ctx, configOf(a), liveOf(a), dir)
	apptest.Must(t, err)
	a.Close()

	erase(t, a.URL, a.DataDir, res.ContactID)
	journal, err := ReadJournal(JournalIn(a.DataDir))
	if err != nil || len(journal) != 1 || journal[0].Subject != res.ContactID {
		t.Fatalf("the journal once the erasure is done: %+v, %v", journal, err)
	}

	fresh := pgtest.NewDatabase(t)
	c := configOf(a)
	c.DatabaseURL, c.KeystoreURL = fresh, fresh
	var rebuilt bool
	r, err := Restore(ctx, c, dir, opener(t, fresh, a.DataDir, &rebuilt), nil)
	apptest.Must(t, err)
	if r.Tombstones != 1 || r.Destroyed != 1 {
		t.Fatalf("restore into a fresh database: %+v", r)
	}
	b := apptest.Open(t, fresh, a.DataDir)
	if gone, err := b.Keys.IsShredded(ctx, res.ContactID); err != nil || !gone {
		t.Fatalf("her key after the restore: shredded %v, %v", gone, err)
	}
	if leaks := apptest.TablesHolding(t, b.Pool, "Glömskasson", "greta.glomskasson"); len(leaks) != 0 {
		t.Fatalf("the erased person is back in: %v", leaks)
	}
}
