package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/contact"
	"github.com/klient-crm/klient/eventstore/esdb/standin"
	"github.com/klient-crm/klient/internal/backup"
	"github.com/klient-crm/klient/internal/catalogue"
)

// `klient tombstones export` takes each destroyed key once, and serve's
// daily job brings the same journal up to date.
func TestTombstonesExport(t *testing.T) {
	t.Parallel()
	s := newSetup(t)
	ctx := context.Background()
	a := s.open(t)
	_, err := a.keyring.Shred(ctx, "subject-1")
	check(t, err)
	for _, want := range []string{"1 tombstones added", "0 tombstones added"} {
		out, err := s.run(t, runTombstones, "export")
		if err != nil || !strings.HasPrefix(out, want) || !strings.Contains(out, "(1 in all)") {
			t.Fatalf("export: %v %q", err, out)
		}
	}
	// show prints the journal as a journal: what a restore elsewhere reads.
	shown, err := s.run(t, runTombstones, "show")
	check(t, err)
	copied := filepath.Join(t.TempDir(), backup.JournalName)
	check(t, os.WriteFile(copied, []byte(shown), 0o600))
	if list, err := backup.ReadJournal(copied); err != nil || len(list) != 1 || list[0].Subject != "subject-1" {
		t.Fatalf("show printed %q: %+v, %v", shown, list, err)
	}
	_, err = a.keyring.Shred(ctx, "subject-2")
	check(t, err)
	daily, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	wg.Go(func() { a.runRetentionDaily(daily) })
	defer func() { cancel(); wg.Wait() }()
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		list, err := backup.ReadJournal(backup.JournalIn(a.cfg.DataDir))
		check(t, err)
		if len(list) == 2 && list[1].Subject == "subject-2" {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the daily job did not bring the journal up to date: %+v", list)
		}
	}
}

// `klient backup` names its files and what they hold, and says the read
// models are not among them; `klient restore` says what it destroyed
// again and rebuilds every read model, and takes the flag that once asked
// for that with a note. (What a restore guarantees is internal/backup's
// test.)
func TestBackupAndRestoreSay(t *testing.T) {
	t.Parallel()
	s := newSetup(t)
	dir := filepath.Join(t.TempDir(), "backup")
	out, err := s.run(t, runBackup, "--to", dir)
	if err != nil || !strings.Contains(out, backup.DatabaseDump) || !strings.Contains(out, "key store") ||
		!strings.Contains(out, backup.JournalCopy) || !strings.Contains(out, "note: no read model's rows are in this backup") ||
		!strings.Contains(out, "note: keep the tombstone journal") {
		t.Fatalf("backup: %v\n%s", err, out)
	}
	a := s.open(t)
	_, err = a.keyring.Shred(context.Background(), "subject-1")
	check(t, err)
	a.Close()
	out, err = s.run(t, runRestore, "--from", dir, "--rebuild-read-models")
	if err != nil || !strings.Contains(out, "1 tombstones re-applied, 0 keys destroyed again, 0 documents' bytes deleted again") ||
		!strings.Contains(out, "note: --rebuild-read-models is no longer needed") ||
		!strings.Contains(out, fmt.Sprintf("rebuilt %d read models in", len(catalogue.Projectors()))) {
		t.Fatalf("restore: %v\n%s", err, out)
	}
}

// The backup procedure with the log in a cluster (docs/operations.md): the
// cluster's files first, then `klient backup` (key store after the log);
// a checkpoint signed between the two lies past the restored cluster's
// end, and `klient restore`, run after the cluster's own restore, withdraws
// it and says so; the restored log then verifies and the read models are
// in step with it.
func TestBackupAndRestoreWithCluster(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv := standin.New(t, standin.Secure())
	s := newSetup(t)
	s.flags = append(s.flags, "--eventstore", srv.ConnectionString())
	a := s.open(t)
	id := uuid.Must(uuid.NewV7()).String()
	appendEncoded(t, a, contact.StreamName(id), id, []domain.Event{contact.ContactArchived{ContactID: id}})
	out, err := s.run(t, runAudit, "checkpoint")
	if err != nil || !strings.HasPrefix(out, "checkpoint 1: 1 events") {
		t.Fatalf("first checkpoint: %v %q", err, out)
	}
	clusterBackup := srv.Records() // 1. the cluster's files
	other := uuid.Must(uuid.NewV7()).String()
	appendEncoded(t, a, contact.StreamName(other), other, []domain.Event{contact.ContactArchived{ContactID: other}})
	if out, err := s.run(t, runAudit, "checkpoint"); err != nil || !strings.HasPrefix(out, "checkpoint 2: 2 events") {
		t.Fatalf("second checkpoint: %v %q", err, out)
	}
	dir := filepath.Join(t.TempDir(), "backup")
	if _, err := s.run(t, runBackup, "--to", dir); err != nil { // 2. the database and the key store
		t.Fatal(err)
	}
	a.Close()

	srv.Truncate(clusterBackup) // restore 1: the cluster from its files
	out, err = s.run(t, runRestore, "--from", dir)
	if err != nil || !strings.Contains(out, "withdrawn: audit checkpoint 2 (2 events") || strings.Contains(out, "withdrawn: audit checkpoint 1") {
		t.Fatalf("restore: %v\n%s", err, out)
	}
	if out, err := s.run(t, runAudit, "verify"); err != nil || !strings.Contains(out, "verified: 1 events in 1 streams, 1 checkpoints") {
		t.Fatalf("verify after the restore: %v\n%s", err, out)
	}
	if err := s.open(t).runtime.CheckInLog(ctx); err != nil {
		t.Fatalf("read models after the restore: %v", err)
	}
}
