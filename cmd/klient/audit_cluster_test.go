package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/klient-crm/klient/eventstore"
	"github.com/klient-crm/klient/eventstore/esdb"
	"github.com/klient-crm/klient/eventstore/esdb/standin"
	"github.com/klient-crm/klient/projections/audit/history"
)

// TestAuditOnCluster: with the log in an EventStoreDB cluster (the
// stand-in, over TLS) `klient audit` works as on PostgreSQL: a checkpoint
// of $all is signed into PostgreSQL, verify passes, replay folds a
// contact from the cluster's log, and an event altered in the cluster's
// files makes verify name its stream and version and exit non-zero.
func TestAuditOnCluster(t *testing.T) {
	t.Parallel()
	srv := standin.New(t, standin.Secure())
	in := newInstance(t)
	in.env = append(in.env, "KLIENT_EVENTSTORE="+srv.ConnectionString())
	in.mustRun("demo-data")
	if out := in.mustRun("audit", "checkpoint"); !strings.HasPrefix(out, "checkpoint 1: ") {
		t.Fatalf("checkpoint: %s", out)
	}
	var signed int
	in.queryRow(`SELECT count(*) FROM audit_cluster_checkpoints`, nil, &signed)
	out := in.mustRun("audit", "verify")
	if signed != 1 || !strings.Contains(out, "verified: ") || !strings.Contains(out, "1 checkpoints") {
		t.Fatalf("verify (%d checkpoints kept): %s", signed, out)
	}

	stream, events := firstClusterStream(t, srv, "contact-")
	var now history.Replayed
	in.runJSON(&now, "audit", "replay", "--stream", stream)
	if state, _ := now.State.(map[string]any); now.Events != events || state["id"] != strings.TrimPrefix(stream, "contact-") {
		t.Fatalf("replay of %s (%d events): %+v", stream, events, now)
	}

	srv.Alter(stream, 0, func(e *standin.Stored) { e.Data[3] ^= 1 })
	out, errOut, code := in.run("audit", "verify")
	if code == 0 || !strings.Contains(out, "BROKEN: stream "+stream+" version 0") || !strings.Contains(errOut, "klarar inte kontrollen") {
		t.Fatalf("tampered log: exit %d\n%s%s", code, out, errOut)
	}
}

// firstClusterStream is the first stream in srv's log whose name starts
// with prefix, and how many events it has.
func firstClusterStream(t *testing.T, srv *standin.Server, prefix string) (string, int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	s, err := esdb.New(ctx, srv.ConnectionString())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	all, err := s.ReadAll(ctx, eventstore.Start, 100000)
	if err != nil {
		t.Fatal(err)
	}
	stream, n := "", 0
	for _, e := range all {
		if stream == "" && strings.HasPrefix(e.Stream, prefix) {
			stream = e.Stream
		}
		if e.Stream == stream {
			n++
		}
	}
	if stream == "" {
		t.Fatalf("no %s stream in the log", prefix)
	}
	return stream, n
}
