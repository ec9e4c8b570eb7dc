// Package deploy_test checks the files under deploy/ from outside: the
// scripts a newcomer's two commands run and the production files.
package deploy_test

import (
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestPrivateClusterStartsInAClosedDirectory is the first run of issue 13
// (item 0): a checkout in a directory that only its owner may enter (a
// clone in /root, a mktemp -d) must still get its private cluster. As
// root, PostgreSQL runs as a system user that cannot enter such a
// directory; as a normal user the cluster is the user's own. Either way
// `postgres.sh env` must print a URL that answers, and `stop` must stop it.
func TestPrivateClusterStartsInAClosedDirectory(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a PostgreSQL cluster (initdb): not in -short")
	}
	top := t.TempDir() // mode 0700, like /root
	if err := os.Chmod(top, 0o700); err != nil {
		t.Fatal(err)
	}
	script := filepath.Join(top, "deploy", "dev", "postgres.sh")
	src, err := os.ReadFile("dev/postgres.sh")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(script), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(script, src, 0o755); err != nil {
		t.Fatal(err)
	}
	port := strconv.Itoa(freePort(t))
	run := func(args ...string) string {
		t.Helper()
		cmd := exec.Command(script, args...)
		cmd.Env = append(withoutDatabaseURL(os.Environ()), "KLIENT_PG_PORT="+port)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("postgres.sh %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return string(out)
	}
	t.Cleanup(func() {
		run("stop")
		if target, err := filepath.EvalSymlinks(filepath.Join(top, "var", "pg")); err == nil && !strings.HasPrefix(target, top) {
			_ = os.RemoveAll(target)
		}
	})
	env := run("env")
	want := "postgres://klient@127.0.0.1:" + port + "/klient?sslmode=disable"
	if !strings.Contains(env, "export KLIENT_DATABASE_URL='"+want+"'") {
		t.Fatalf("postgres.sh env printed no URL for port %s:\n%s", port, env)
	}
	psql, err := exec.LookPath("psql")
	if err != nil {
		t.Fatal("psql is not installed (postgres.sh installs postgresql as root)")
	}
	out, err := exec.Command(psql, want, "-Atc", "SELECT 40 + 2").CombinedOutput()
	if err != nil || strings.TrimSpace(string(out)) != "42" {
		t.Fatalf("the private cluster does not answer: %v %s", err, out)
	}
	// A second call reuses the running cluster.
	if again := run("env"); !strings.Contains(again, want) {
		t.Fatalf("second postgres.sh env: %s", again)
	}
}

func freePort(t *testing.T) int {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// withoutDatabaseURL drops the variables that make postgres.sh use an
// existing database instead of starting its own.
func withoutDatabaseURL(env []string) []string {
	var out []string
	for _, kv := range env {
		if !strings.HasPrefix(kv, "KLIENT_DATABASE_URL=") && !strings.HasPrefix(kv, "KLIENT_TEST_DATABASE_URL=") {
			out = append(out, kv)
		}
	}
	return out
}
