package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/contact"
	"github.com/klient-crm/klient/domain/gdpr"
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
	s := newSetup(t)
	ctx := context.Background()
	a := s.open(t)
	res := person(t, a, greta())
	kept := person(t, a, contact.PersonDetails{GivenName: "Karl", FamilyName: "Kvarblivare"})
	project(t, a, basis(t, a, kept.ContactID))
	_, _, _, err := a.blobs.Put(ctx, uuid.NewString(), res.ContactID, strings.NewReader("Gretas brev"), 1<<20)
	check(t, err)
	a.Close()
	dir := filepath.Join(t.TempDir(), "backup")
	out, err := s.run(t, runBackup, "--to", dir)
	check(t, err)
	if !strings.Contains(out, databaseDump) || !strings.Contains(out, "key store") {
		t.Fatalf("backup said:\n%s", out)
	}

	b := s.open(t)
	h, err := b.retentionHandler(gdpr.DefaultRetentionRules, func() time.Time { return time.Now().AddDate(3, 0, 0) })
	check(t, err)
	report, err := b.retain(ctx, h, false, now)
	if err != nil || len(report.Deleted) != 1 || report.Deleted[0].RecordID != res.ContactID {
		t.Fatalf("retention: %v, %+v", err, report)
	}
	b.Close()

	out, err = s.run(t, runRestore, "--from", dir)
	check(t, err)
	if !strings.Contains(out, "1 tombstones re-applied, 1 keys destroyed again, 1 documents' bytes deleted again") ||
		!strings.Contains(out, "rebuild contacts") {
		t.Fatalf("restore said:\n%s", out)
	}
	c := s.open(t)
	if gone, err := c.keyring.IsShredded(ctx, res.ContactID); err != nil || !gone {
		t.Fatalf("key after the restore: shredded %v, %v", gone, err)
	}
	if n, err := documents.NewEraser(c.pool).DocumentsOf(ctx, res.ContactID); err != nil || n != 0 {
		t.Fatalf("her document's bytes after the restore: %d, %v", n, err)
	}
	if _, err := contacts.Get(ctx, c.pool, res.ContactID); !domain.IsKind(err, domain.KindErased) {
		t.Fatalf("contact after the restore: %v", err)
	}
	if found, err := contacts.Search(ctx, c.pool, "Glömskasson", contacts.Options{}); err != nil || len(found) != 0 {
		t.Fatalf("search after the restore: %+v, %v", found, err)
	}
	if leaks := tablesHolding(t, c, "Glömskasson", "greta.glomskasson"); len(leaks) != 0 {
		t.Fatalf("the erased person is back in: %v", leaks)
	}
	envs, err := c.store.ReadStream(ctx, contact.StreamName(res.ContactID), 0, 10)
	check(t, err)
	d, err := c.codec.Decode(ctx, envs[0])
	if err != nil || !d.IsErased(res.ContactID) || d.Event.(contact.PersonRegistered).Details.FamilyName != "" {
		t.Fatalf("decoding her registration: %+v, %v", d.Event, err)
	}
	if k, err := contacts.Get(ctx, c.pool, kept.ContactID); err != nil || k.FamilyName != "Kvarblivare" {
		t.Fatalf("the other person: %+v, %v", k, err)
	}
}

// A backup directory is written once; a damaged backup is refused.
func TestBackupRefusesWhatItCannotTrust(t *testing.T) {
	t.Parallel()
	s := newSetup(t)
	dir := t.TempDir()
	check(t, os.WriteFile(filepath.Join(dir, "other"), []byte("x"), 0o600))
	if _, err := s.run(t, runBackup, "--to", dir); err == nil || !strings.Contains(err.Error(), "not empty") {
		t.Fatalf("backup into a used directory: %v", err)
	}
	dir = filepath.Join(t.TempDir(), "b")
	_, err := s.run(t, runBackup, "--to", dir)
	check(t, err)
	check(t, os.WriteFile(filepath.Join(dir, databaseDump), []byte("not a dump"), 0o600))
	if _, err := s.run(t, runRestore, "--from", dir); err == nil || !strings.Contains(err.Error(), "checksum") {
		t.Fatalf("restore of a damaged backup: %v", err)
	}
	if _, err := pgTool("pg_nosuchtool"); err == nil || !strings.Contains(err.Error(), "pg_nosuchtool not found") {
		t.Fatalf("a missing tool: %v", err)
	}
}
