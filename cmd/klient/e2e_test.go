package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/klient-crm/klient/internal/pgtest"
)

// binary is the klient binary built once for the package's tests.
var binary = sync.OnceValues(func() (string, error) {
	dir, err := os.MkdirTemp("", "klient-e2e-")
	if err != nil {
		return "", err
	}
	bin := filepath.Join(dir, "klient")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		return "", &buildError{string(out)}
	}
	return bin, nil
})

type buildError struct{ out string }

func (e *buildError) Error() string { return "go build: " + e.out }

// instance is one `klient` setup: a fresh database and data directory.
type instance struct {
	t       *testing.T
	bin     string
	env     []string
	stderr  *syncBuffer
	baseURL string
	client  *http.Client // carries the signed-in session cookie
}

func newInstance(t *testing.T) *instance {
	t.Helper()
	bin, err := binary()
	if err != nil {
		t.Fatal(err)
	}
	db := pgtest.NewDatabase(t)
	env := append(os.Environ(), "KLIENT_DATABASE_URL="+db, "KLIENT_KEYSTORE_URL=", "KLIENT_EVENTSTORE=postgres",
		"KLIENT_DATA_DIR="+t.TempDir(), "KLIENT_MASTER_KEY=", "KLIENT_HTTP_ADDR=127.0.0.1:0")
	jar, _ := cookiejar.New(nil)
	return &instance{t: t, bin: bin, env: env, stderr: &syncBuffer{}, client: &http.Client{Jar: jar}}
}

// signIn opens a lawyer's account through the CLI and signs in through the
// real login form; later requests carry the session.
func (in *instance) signIn() {
	in.t.Helper()
	const password = "ett-langt-losenord-2026"
	if out, errOut, code := in.runStdin(password+"\n", "users", "create", "--email", "e2e@byra.example",
		"--name", "E2E Jurist", "--role", "lawyer", "--password-stdin"); code != 0 {
		in.t.Fatalf("users create: exit %d\n%s%s", code, out, errOut)
	}
	resp, err := in.client.PostForm(in.baseURL+"/login", url.Values{"email": {"e2e@byra.example"}, "password": {password}})
	if err != nil {
		in.t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || strings.HasSuffix(resp.Request.URL.Path, "/login") {
		in.t.Fatalf("sign-in: status %d at %s", resp.StatusCode, resp.Request.URL.Path)
	}
}

// run runs a subcommand to completion and returns stdout, stderr and the exit code.
func (in *instance) run(args ...string) (string, string, int) {
	in.t.Helper()
	cmd := exec.Command(in.bin, args...)
	cmd.Env = in.env
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		in.t.Fatalf("run %v: %v", args, err)
	}
	return stdout.String(), stderr.String(), code
}

var servingLine = regexp.MustCompile(`"addr":"(http://127\.0\.0\.1:\d+)"`)

// serve starts `klient serve` and returns once it listens; it is stopped
// with SIGTERM at cleanup, and must exit cleanly.
func (in *instance) serve() {
	in.t.Helper()
	cmd := exec.Command(in.bin, "serve")
	cmd.Env = in.env
	pipe, err := cmd.StderrPipe()
	if err != nil {
		in.t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		in.t.Fatal(err)
	}
	found := make(chan string, 1)
	go scanServing(io.TeeReader(pipe, in.stderr), found)
	select {
	case in.baseURL = <-found:
	case <-time.After(30 * time.Second):
		_ = cmd.Process.Kill()
		in.t.Fatalf("klient serve did not start; stderr:\n%s", in.stderr.String())
	}
	in.t.Cleanup(func() { in.stop(cmd) })
}

func scanServing(r io.Reader, found chan<- string) {
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		if m := servingLine.FindStringSubmatch(sc.Text()); m != nil {
			found <- m[1]
		}
	}
}

func (in *instance) stop(cmd *exec.Cmd) {
	_ = cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			in.t.Errorf("klient serve did not exit cleanly on SIGTERM: %v", err)
		}
	case <-time.After(20 * time.Second):
		_ = cmd.Process.Kill()
		in.t.Errorf("klient serve did not stop within 20 s of SIGTERM")
	}
}

func (in *instance) postJSON(path, body string) (int, map[string]any) {
	in.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, in.baseURL+path, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	return in.do(req)
}

func (in *instance) get(path string) (int, map[string]any) {
	in.t.Helper()
	req, _ := http.NewRequest(http.MethodGet, in.baseURL+path, nil)
	return in.do(req)
}

func (in *instance) do(req *http.Request) (int, map[string]any) {
	in.t.Helper()
	resp, err := in.client.Do(req)
	if err != nil {
		in.t.Fatalf("%s %s: %v", req.Method, req.URL.Path, err)
	}
	defer resp.Body.Close()
	var out map[string]any
	_ = json.NewDecoder(resp.Body).Decode(&out)
	return resp.StatusCode, out
}

// syncBuffer collects a child's stderr while tests read it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// countEvents counts events of one type in the instance's PostgreSQL event store.
func countEvents(t *testing.T, in *instance, eventType string) int {
	t.Helper()
	var dsn string
	for _, kv := range in.env {
		if v, ok := strings.CutPrefix(kv, "KLIENT_DATABASE_URL="); ok {
			dsn = v
		}
	}
	conn, err := pgx.Connect(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	var n int
	if err := conn.QueryRow(context.Background(), `SELECT count(*) FROM events WHERE type = $1`, eventType).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
