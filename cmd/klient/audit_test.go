package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/klient-crm/klient/projections/audit/history"
)

// TestAuditVerifyAndTamper: a demo log verifies, with the key's own public
// half and with the exported one; altering one event's data makes verify
// name it and exit non-zero.
func TestAuditVerifyAndTamper(t *testing.T) {
	t.Parallel()
	in := newInstance(t)
	in.mustRun("demo-data")
	out := in.checkpointAll()
	if !strings.Contains(out, "checkpoint ") {
		t.Fatalf("checkpoint: %s", out)
	}
	pem := in.mustRun("audit", "public-key")
	if !strings.HasPrefix(pem, "-----BEGIN PUBLIC KEY-----") {
		t.Fatalf("public key: %q", pem)
	}
	pubFile := filepath.Join(t.TempDir(), "audit.pub")
	if err := os.WriteFile(pubFile, []byte(pem), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"audit", "verify"}, {"audit", "verify", "--public-key", pubFile}} {
		if out := in.mustRun(args...); !strings.Contains(out, "verified: ") || !strings.Contains(out, "1 checkpoints") && !strings.Contains(out, "checkpoints") {
			t.Fatalf("%v: %s", args, out)
		}
	}
	stream := in.firstStream("contact-")
	in.sql(`UPDATE events SET data = set_byte(data, 3, get_byte(data, 3) # 1) WHERE stream = $1 AND version = 0`, stream)
	out, errOut, code := in.run("audit", "verify")
	if code == 0 || !strings.Contains(out, "BROKEN: stream "+stream+" version 0") || !strings.Contains(errOut, "klarar inte kontrollen") {
		t.Fatalf("tampered log: exit %d\n%s%s", code, out, errOut)
	}
	if _, _, code := in.run("audit", "verify", "--stream", in.firstStream("staff-")); code != 0 {
		t.Fatalf("another stream must still verify: exit %d", code)
	}
}

// TestAuditHistoryAndReplay: history shows who did what, decrypted;
// replay folds a contact as it stood at a position and at a time.
func TestAuditHistoryAndReplay(t *testing.T) {
	t.Parallel()
	in := newInstance(t)
	before := time.Now().Add(-time.Second).UTC().Format(time.RFC3339Nano)
	in.mustRun("demo-data")
	stream := in.firstStream("contact-")
	var views []history.EventView
	if err := json.Unmarshal([]byte(in.mustRun("audit", "history", "--stream", stream, "--json")), &views); err != nil {
		t.Fatal(err)
	}
	if len(views) == 0 || views[0].Version != 0 || !strings.HasPrefix(views[0].Type, "contact.") || views[0].Actor == "" ||
		!strings.Contains(string(views[0].Changes), `"details"`) {
		t.Fatalf("history: %+v", views)
	}
	if table := in.mustRun("audit", "history", "--stream", stream); !strings.Contains(table, "VERSION") || !strings.Contains(table, views[0].Type) {
		t.Fatalf("history table: %s", table)
	}
	var now, then, empty history.Replayed
	in.runJSON(&now, "audit", "replay", "--stream", stream)
	in.runJSON(&then, "audit", "replay", "--stream", stream, "--position", views[0].Position)
	in.runJSON(&empty, "audit", "replay", "--stream", stream, "--at", before)
	state := now.State.(map[string]any)
	if now.Events != len(views) || state["id"] != strings.TrimPrefix(stream, "contact-") || then.Events != 1 || empty.Events != 0 {
		t.Fatalf("replay: now %+v, then %+v, before %+v", now, then, empty)
	}
}

func (in *instance) mustRun(args ...string) string {
	in.t.Helper()
	out, errOut, code := in.run(args...)
	if code != 0 {
		in.t.Fatalf("%v: exit %d\n%s%s", args, code, out, errOut)
	}
	return out
}

func (in *instance) runJSON(v any, args ...string) {
	in.t.Helper()
	if err := json.Unmarshal([]byte(in.mustRun(args...)), v); err != nil {
		in.t.Fatalf("%v: %v", args, err)
	}
}

// checkpointAll signs checkpoints until one covers every event: other
// tests on the server may hold the read horizon back for a moment.
func (in *instance) checkpointAll() string {
	in.t.Helper()
	var total int
	in.queryRow(`SELECT count(*) FROM events`, nil, &total)
	for range 100 {
		out := in.mustRun("audit", "checkpoint")
		var covered int
		in.queryRow(`SELECT coalesce(max(event_count), 0) FROM audit_checkpoints`, nil, &covered)
		if covered == total {
			return out
		}
		time.Sleep(100 * time.Millisecond)
	}
	in.t.Fatal("no checkpoint covers the whole log")
	return ""
}

func (in *instance) firstStream(prefix string) string {
	in.t.Helper()
	var s string
	in.queryRow(`SELECT stream FROM events WHERE stream LIKE $1 || '%' ORDER BY xid, seq LIMIT 1`, []any{prefix}, &s)
	return s
}

func (in *instance) sql(sql string, args ...any) {
	in.t.Helper()
	conn := in.connect()
	defer conn.Close(context.Background())
	if _, err := conn.Exec(context.Background(), sql, args...); err != nil {
		in.t.Fatal(err)
	}
}

func (in *instance) queryRow(sql string, args []any, dest ...any) {
	in.t.Helper()
	conn := in.connect()
	defer conn.Close(context.Background())
	if err := conn.QueryRow(context.Background(), sql, args...).Scan(dest...); err != nil {
		in.t.Fatal(err)
	}
}

func (in *instance) connect() *pgx.Conn {
	in.t.Helper()
	var dsn string // the last setting wins, as in the child's environment
	for _, kv := range in.env {
		if v, ok := strings.CutPrefix(kv, "KLIENT_DATABASE_URL="); ok {
			dsn = v
		}
	}
	conn, err := pgx.Connect(context.Background(), dsn)
	if err != nil {
		in.t.Fatal(err)
	}
	return conn
}
