package main

import (
	"crypto/rand"
	"encoding/hex"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/klient-crm/klient/eventstore/esdb/standin"
)

// TestClusterUserFromCompose: the compose stack's way to Klient's own
// KurrentDB user, on a fresh secure node that knows its administrator
// alone. `klient serve` as a user that does not exist is refused in one
// line; deploy/production/kurrentdb-user.sh (the kurrentdb-user service)
// makes the user through the users API; serve is then refused, in one line
// that names the remedy, because the user may not read $all; `klient
// eventstore grant-read-all` (the kurrentdb-acl service) names it in
// $all's ACL, and serve starts. Both one-shots may run again at every start.
func TestClusterUserFromCompose(t *testing.T) {
	t.Parallel()
	if _, err := exec.LookPath("curl"); err != nil {
		t.Fatal("the test runs kurrentdb-user.sh, which needs curl (as the KurrentDB image has it)")
	}
	srv := standin.New(t, standin.Secure(), standin.AllReaders(), standin.WithoutKlientUser())
	password := make([]byte, 24)
	_, _ = rand.Read(password)
	secrets := t.TempDir()
	for name, content := range map[string]string{
		"kurrentdb-admin-password":  standin.AdminPassword,
		"kurrentdb-klient-password": hex.EncodeToString(password),
	} {
		if err := os.WriteFile(filepath.Join(secrets, name), []byte(content+"\n"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	user := func() string {
		t.Helper()
		cmd := exec.Command("sh", "../../deploy/production/kurrentdb-user.sh")
		cmd.Env = append(os.Environ(), "NODE="+srv.UsersURL(t), "CA="+srv.CAFile(), "SECRETS="+secrets, "TRIES=3")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("kurrentdb-user.sh: %v\n%s", err, out)
		}
		if strings.Contains(string(out), hex.EncodeToString(password)) || strings.Contains(string(out), standin.AdminPassword) {
			t.Errorf("kurrentdb-user.sh printed a password:\n%s", out)
		}
		return string(out)
	}
	in := newInstance(t)
	in.env = append(in.env, "KLIENT_EVENTSTORE="+srv.ConnectionStringAs(standin.KlientLogin, hex.EncodeToString(password)))
	refused := func(says string) {
		t.Helper()
		out, code := serveBriefly(t, in)
		lines := strings.Split(strings.TrimSpace(out), "\n")
		last := lines[len(lines)-1]
		if code <= 0 || !strings.HasPrefix(last, "klient: ") || !strings.Contains(last, says) {
			t.Fatalf("serve: exit %d; want a refusal whose one line says %q:\n%s", code, says, out)
		}
	}

	refused("refused the user name and password")
	if out := user(); !strings.Contains(out, "made the user klient") {
		t.Fatalf("kurrentdb-user.sh on a node without the user:\n%s", out)
	}
	refused("may not read $all")

	admin := srv.ConnectionStringAs(standin.AdminLogin, standin.AdminPassword)
	if out, errOut, code := in.run("eventstore", "grant-read-all", "--wait", "1s", "klient"); code == 0 || !strings.Contains(errOut, "may not read $all") {
		t.Fatalf("grant-read-all as the klient user itself: exit %d\n%s%s", code, out, errOut)
	}
	if out := in.mustRun("eventstore", "grant-read-all", "--eventstore", admin, "klient"); out != "klient may now read $all\n" {
		t.Fatalf("grant-read-all: %q", out)
	}
	if out := in.mustRun("eventstore", "grant-read-all", "--eventstore", admin, "klient"); !strings.Contains(out, "nothing changed") {
		t.Fatalf("grant-read-all again: %q", out)
	}
	if out := user(); !strings.Contains(out, "the user klient exists") {
		t.Fatalf("kurrentdb-user.sh again:\n%s", out)
	}
	if out, code := serveBriefly(t, in); code != -1 {
		t.Fatalf("serve as klient, named in $all's ACL: exit %d\n%s", code, out)
	}
}
