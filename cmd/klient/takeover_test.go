package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os/exec"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// TestStandbyTakesOverTheProjectors runs two `klient serve` processes on
// one database (issue 13, item 5). The first takes every projector's
// lock; staff write through the second all along; the first is killed
// (SIGKILL: no goodbye, its locks go when PostgreSQL sees its connections
// close). The second takes the projectors over, and at the end every
// projector has applied every event of the log exactly once: its
// checkpoint counted the log's events, and the audit trail, one row per
// event, holds each event once. The take-over time is logged
// (docs/scaling.md).
func TestStandbyTakesOverTheProjectors(t *testing.T) {
	if testing.Short() {
		t.Skip("two servers and a kill: not in -short")
	}
	in := newInstance(t)
	first := in.start()
	in.baseURL = first.url
	in.signIn()
	waitLogged(t, first, "projector lock taken", 30*time.Second)
	second := in.start()
	waitLogged(t, second, "standing by", 30*time.Second)
	in.baseURL = second.url // all writes go to the survivor

	var written atomic.Int64
	stop := make(chan struct{})
	var stopOnce sync.Once
	t.Cleanup(func() { stopOnce.Do(func() { close(stop) }) })
	var writers sync.WaitGroup
	writers.Go(func() {
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			body := fmt.Sprintf(`{"kind":"person","details":{"given_name":"Övertag","family_name":"Nummer%d"}}`, i)
			// 202: written, its read model not yet caught up (while
			// nobody runs the projectors, the write waits out its await).
			if code, _ := in.postJSON("/api/v1/contacts", body); code != http.StatusCreated && code != http.StatusAccepted {
				t.Errorf("write %d through the standby: status %d", i, code)
				return
			}
			written.Add(1)
		}
	})
	waitWritten(t, &written, 20)
	projectors := strings.Count(first.stderr.String(), "projector lock taken")
	killed := time.Now()
	_ = first.cmd.Process.Kill()
	_ = first.cmd.Wait()
	for deadline := time.Now().Add(60 * time.Second); strings.Count(second.stderr.String(), "projector lock taken") < projectors; time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("the standby took %d of %d projectors over; stderr:\n%s", strings.Count(second.stderr.String(), "projector lock taken"), projectors, second.stderr.String())
		}
	}
	tookOver := time.Since(killed)
	waitWritten(t, &written, written.Load()+20)
	stopOnce.Do(func() { close(stop) })
	writers.Wait()
	if t.Failed() {
		return
	}

	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, envValue(in.env, "KLIENT_DATABASE_URL"))
	must(t, err)
	defer conn.Close(context.Background())
	var events int64
	must(t, conn.QueryRow(ctx, `SELECT count(*) FROM events`).Scan(&events))
	for {
		var behind int
		must(t, conn.QueryRow(ctx, `SELECT count(*) FROM projector_checkpoints WHERE events_applied <> $1`, events).Scan(&behind))
		if behind == 0 {
			break
		}
		if ctx.Err() != nil {
			rows, _ := conn.Query(context.Background(), `SELECT name, events_applied FROM projector_checkpoints`)
			got, _ := pgx.CollectRows(rows, pgx.RowToMap)
			t.Fatalf("the log has %d events; checkpoints after the take-over: %v", events, got)
		}
		time.Sleep(100 * time.Millisecond)
	}
	var rows, distinct, contacts int64
	must(t, conn.QueryRow(ctx, `SELECT count(*), count(DISTINCT event_id) FROM audit_trail_v1`).Scan(&rows, &distinct))
	must(t, conn.QueryRow(ctx, `SELECT count(*) FROM contacts_v1 WHERE family_name LIKE 'Nummer%'`).Scan(&contacts))
	if rows != events || distinct != events {
		t.Errorf("audit trail: %d rows, %d distinct events, the log %d", rows, distinct, events)
	}
	if contacts != written.Load() {
		t.Errorf("%d contacts in the read model, %d written", contacts, written.Load())
	}
	t.Logf("take-over: the standby held all %d projectors %v after the kill; %d events, %d contacts written through it",
		projectors, tookOver.Round(100*time.Millisecond), events, written.Load())
}

// waitWritten waits until the writer has written n, or fails the test.
func waitWritten(t *testing.T, written *atomic.Int64, n int64) {
	t.Helper()
	for deadline := time.Now().Add(60 * time.Second); written.Load() < n; time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) || t.Failed() {
			t.Fatalf("the writer wrote %d of %d", written.Load(), n)
		}
	}
}

// server is one `klient serve` process of an instance.
type server struct {
	cmd    *exec.Cmd
	url    string
	stderr *syncBuffer
}

// start starts another `klient serve` on the instance's database and
// returns once it listens; it is stopped at cleanup unless killed.
func (in *instance) start() *server {
	in.t.Helper()
	s := &server{cmd: exec.Command(in.bin, "serve"), stderr: &syncBuffer{}}
	s.cmd.Env = append(append([]string(nil), in.env...), "KLIENT_LOG_LEVEL=info")
	pipe, err := s.cmd.StderrPipe()
	if err != nil {
		in.t.Fatal(err)
	}
	if err := s.cmd.Start(); err != nil {
		in.t.Fatal(err)
	}
	found := make(chan string, 1)
	go scanServing(io.TeeReader(pipe, s.stderr), found)
	select {
	case s.url = <-found:
	case <-time.After(30 * time.Second):
		_ = s.cmd.Process.Kill()
		in.t.Fatalf("klient serve did not start; stderr:\n%s", s.stderr.String())
	}
	in.t.Cleanup(func() {
		if s.cmd.ProcessState == nil {
			in.stop(s.cmd)
		}
	})
	return s
}

// waitLogged waits until s has logged a line containing what.
func waitLogged(t *testing.T, s *server, what string, within time.Duration) {
	t.Helper()
	for deadline := time.Now().Add(within); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if strings.Contains(s.stderr.String(), what) {
			return
		}
	}
	t.Fatalf("klient serve never logged %q; stderr:\n%s", what, s.stderr.String())
}

// envValue is key's value in env: the last one, as exec gives the child.
func envValue(env []string, key string) string {
	v := ""
	for _, kv := range env {
		if s, ok := strings.CutPrefix(kv, key+"="); ok {
			v = s
		}
	}
	return v
}
