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
