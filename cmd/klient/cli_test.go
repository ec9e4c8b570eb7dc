package main

import (
	"os"
	"slices"
	"strings"
	"testing"
)

// TestCLI runs the subcommands a person uses around `serve`.
func TestCLI(t *testing.T) {
	t.Parallel()
	in := newInstance(t)
	if out, errOut, code := in.run("migrate"); code != 0 || !strings.Contains(out, "up to date") {
		t.Fatalf("migrate: exit %d\n%s%s", code, out, errOut)
	}
	if out, errOut, code := in.run("demo-data"); code != 0 || !strings.Contains(out, "added 6 contacts") {
		t.Fatalf("demo-data: exit %d\n%s%s", code, out, errOut)
	}
	if out, _, code := in.run("demo-data"); code != 0 || !strings.Contains(out, "nothing added") {
		t.Fatalf("second demo-data must add nothing: exit %d\n%s", code, out)
	}
	out, errOut, code := in.run("projections", "rebuild", "contacts")
	if code != 0 || !strings.Contains(out, "100%") {
		t.Fatalf("rebuild: exit %d\n%s%s", code, out, errOut)
	}
	out, _, code = in.run("projections", "status")
	if code != 0 || !strings.Contains(out, "contacts") || strings.Contains(out, "failed") {
		t.Fatalf("status: exit %d\n%s", code, out)
	}
	if out, _, code := in.run("version"); code != 0 || !strings.HasPrefix(out, "klient ") {
		t.Fatalf("version: exit %d %q", code, out)
	}
}

// TestCLIBadInput: each mistake exits non-zero with one line saying why.
func TestCLIBadInput(t *testing.T) {
	t.Parallel()
	in := newInstance(t)
	cases := map[string][]string{
		"unknown command":        {"frobnicate"},
		"bad event store":        {"migrate", "--eventstore", "mongodb://x"},
		"bad address":            {"serve", "--http-addr", "8080"},
		"bad log level":          {"migrate", "--log-level", "loud"},
		"unknown projector":      {"projections", "rebuild", "nosuch"},
		"projections usage":      {"projections"},
		"plain-HTTP OIDC issuer": {"migrate", "--oidc-issuer", "http://idp.example.se", "--oidc-client-id", "k", "--oidc-redirect-url", "https://k.example.se/auth/oidc/callback"},
		"short OIDC cookie key":  {"migrate", "--oidc-issuer", "https://idp.example.se", "--oidc-client-id", "k", "--oidc-redirect-url", "https://k.example.se/auth/oidc/callback", "--oidc-cookie-key", "c2hvcnQ="},
		"upload limit of zero":   {"migrate", "--max-upload-bytes", "0"},
		"bad trusted origin":     {"migrate", "--trusted-origins", "klient.example.se"},
		"unreachable database":   {"migrate", "--database-url", "postgres://nobody@127.0.0.1:1/none?connect_timeout=2"},
	}
	for name, args := range cases {
		t.Run(name, func(t *testing.T) {
			_, errOut, code := in.run(args...)
			lines := strings.Split(strings.TrimSpace(errOut), "\n")
			last := lines[len(lines)-1]
			if code == 0 || !strings.HasPrefix(last, "klient: ") {
				t.Fatalf("exit %d, stderr %q", code, errOut)
			}
		})
	}
}

// TestWrongMasterKeyStopsAtStart: another data directory means another
// development master key; the server must refuse to start, in one line.
func TestWrongMasterKeyStopsAtStart(t *testing.T) {
	t.Parallel()
	in := newInstance(t)
	if _, errOut, code := in.run("demo-data"); code != 0 {
		t.Fatalf("demo-data: %s", errOut)
	}
	in.env = append(in.env, "KLIENT_DATA_DIR="+t.TempDir())
	_, errOut, code := in.run("projections", "status")
	if code == 0 || !strings.Contains(errOut, "master key does not open") {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
}

// TestSecretFiles: KLIENT_DATABASE_URL_FILE supplies the URL; a missing
// file is named in a one-line error.
func TestSecretFiles(t *testing.T) {
	t.Parallel()
	in := newInstance(t)
	url := ""
	for _, kv := range in.env {
		if v, ok := strings.CutPrefix(kv, "KLIENT_DATABASE_URL="); ok {
			url = v
		}
	}
	file := t.TempDir() + "/database-url"
	if err := os.WriteFile(file, []byte(url+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	in.env = append(in.env, "KLIENT_DATABASE_URL_FILE="+file)
	in.env = slices.DeleteFunc(in.env, func(kv string) bool { return strings.HasPrefix(kv, "KLIENT_DATABASE_URL=") })
	if out, errOut, code := in.run("migrate"); code != 0 {
		t.Fatalf("migrate with a URL file: exit %d\n%s%s", code, out, errOut)
	}
	in.env = append(in.env, "KLIENT_DATABASE_URL_FILE=/nonexistent/secret")
	if _, errOut, code := in.run("migrate"); code == 0 || !strings.Contains(errOut, "/nonexistent/secret") {
		t.Fatalf("missing secret file: exit %d, %q", code, errOut)
	}
}

// TestLoadTest: the load command signs its clients in with an API token
// and every request it drives succeeds.
func TestLoadTest(t *testing.T) {
	t.Parallel()
	in := newInstance(t)
	out, errOut, code := in.run("loadtest", "--duration", "2s", "--writers", "1", "--readers", "1")
	if code != 0 {
		t.Fatalf("loadtest: exit %d\n%s%s", code, out, errOut)
	}
	for _, line := range strings.Split(strings.TrimSpace(out), "\n")[1:] {
		if f := strings.Fields(line); len(f) < 5 || f[1] == "0" || f[3] != "0" {
			t.Errorf("load line %q: want some requests ok and none failed", line)
		}
	}
}
