package main

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/contact"
	"github.com/klient-crm/klient/eventstore/postgres"
	"github.com/klient-crm/klient/internal/auditcli"
)

// The server's job signs with the data directory's key, created 0600 on
// first use, and stops with its context.
func TestAuditCheckpointJob(t *testing.T) {
	t.Setenv("KLIENT_AUDIT_KEY", "")
	ctx := context.Background()
	a := openTestApp(t)
	id := uuid.Must(uuid.NewV7()).String()
	appendEncoded(t, a, contact.StreamName(id), id, []domain.Event{contact.ContactArchived{ContactID: id}})
	store, ok := a.store.(*postgres.Store)
	if !ok {
		t.Fatal("the test app's store is not PostgreSQL")
	}
	covered := func() bool {
		cps, err := store.Checkpoints(ctx)
		return err == nil && len(cps) > 0 && cps[len(cps)-1].Events == 1
	}
	for range 100 { // other tests may hold the read horizon back a moment
		if err := auditcli.SignCheckpoint(ctx, auditEnv(a.cfg, a, io.Discard), a.log); err != nil {
			t.Fatal(err)
		}
		if covered() {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if !covered() {
		t.Fatal("no checkpoint covers the event")
	}
	info, err := os.Stat(filepath.Join(a.cfg.DataDir, "audit-signing-key.pem"))
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("key file: %v, %v", info, err)
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	auditcli.Checkpoints(cancelled, auditEnv(a.cfg, a, io.Discard), a.log) // returns at once
	if auditcli.CheckpointInterval <= 0 {
		t.Fatal("no interval")
	}
}
