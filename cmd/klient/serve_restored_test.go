package main

import (
	"bytes"
	"context"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/klient-crm/klient/eventstore/esdb/standin"
)

// TestServeRefusesReadModelsAheadOfTheLog: the event log restored from an
// older backup than PostgreSQL's read models and checkpoints — the
// PostgreSQL log with its tail gone, or the cluster restored from its own,
// older backup — and `klient serve` refuses to start, in one line that
// names the remedy, instead of serving what the log no longer holds. Once
// rebuilt it starts.
func TestServeRefusesReadModelsAheadOfTheLog(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name  string
		setup func(in *instance) (restore func())
	}{
		{"postgres", func(in *instance) func() {
			return func() {
				in.sql(`DELETE FROM events WHERE (xid, seq) > (SELECT xid, seq FROM events ORDER BY xid, seq LIMIT 1 OFFSET 9)`)
			}
		}},
		{"cluster", func(in *instance) func() {
			srv := standin.New(t, standin.Secure())
			in.env = append(in.env, "KLIENT_EVENTSTORE="+srv.ConnectionString())
			return func() { srv.Truncate(10) }
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			in := newInstance(t)
			restore := c.setup(in)
			in.mustRun("demo-data")
			in.mustRun("projections", "rebuild")
			restore()
			out, code := serveBriefly(t, in)
			lines := strings.Split(strings.TrimSpace(out), "\n")
			last := lines[len(lines)-1]
			if code == 0 || !strings.Contains(last, "past the end of the event log") ||
				!strings.Contains(last, "run `klient projections rebuild`") {
				t.Fatalf("serve over read models ahead of the log: exit %d\n%s", code, out)
			}
			in.mustRun("projections", "rebuild")
			if out, code := serveBriefly(t, in); code != -1 {
				t.Fatalf("serve after the rebuild: exit %d\n%s", code, out)
			}
		})
	}
}

// serveBriefly runs `klient serve` for at most 20 seconds and returns its
// error output and exit status; -1 when it was still serving then.
func serveBriefly(t *testing.T, in *instance) (string, int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 20*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, in.bin, "serve")
	cmd.Env = in.env
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	err := cmd.Run()
	if ctx.Err() != nil {
		return stderr.String(), -1
	}
	if ee, ok := err.(*exec.ExitError); ok {
		return stderr.String(), ee.ExitCode()
	}
	if err != nil {
		t.Fatal(err)
	}
	return stderr.String(), 0
}
