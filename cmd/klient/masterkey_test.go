package main

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/tink-crypto/tink-go/v2/testing/fakekms"
)

// Tink's fake KMS stands in for AWS, Google Cloud and Vault in this
// package's tests: its key URIs carry the key.
func init() {
	client, err := fakekms.NewClient("fake-kms://")
	if err != nil {
		panic(err)
	}
	kmsForTests = client
}

func fakeKeyURI(t *testing.T) string {
	t.Helper()
	uri, err := fakekms.NewKeyURI()
	check(t, err)
	return uri
}

func masterKeyCmd(t *testing.T, args ...string) (string, error) {
	t.Helper()
	var out strings.Builder
	err := runMasterKey(context.Background(), args, &out)
	return out.String(), err
}

// TestServeOnAKMSMasterKey: a keyset made by `klient master-key create`
// under a KMS key is what migrate and the app open, and the app refuses
// the same keyset under another KMS key.
func TestServeOnAKMSMasterKey(t *testing.T) {
	t.Parallel()
	uri := fakeKeyURI(t)
	keysetFile := filepath.Join(t.TempDir(), "master-keyset.json")
	out, err := masterKeyCmd(t, "create", "--master-key", uri, "--out", keysetFile)
	if err != nil || !strings.Contains(out, "wrapped by a fake-kms:// key") {
		t.Fatalf("create: %v\n%s", err, out)
	}
	s := newSetup(t)
	s.flags = append(s.flags, "--master-key", uri, "--master-keyset", "file://"+keysetFile)
	if _, err := s.run(t, runMigrate); err != nil {
		t.Fatalf("migrate on a KMS master key: %v", err)
	}
	a := s.open(t)
	ct, err := a.keyring.Seal(context.Background(), "subject-1", []byte("x"), nil)
	check(t, err)
	if pt, err := a.keyring.Open(context.Background(), "subject-1", ct, nil); err != nil || string(pt) != "x" {
		t.Fatalf("open: %v", err)
	}
	other := setup{flags: append(append([]string{}, s.flags...), "--master-key", fakeKeyURI(t))}
	if _, err := other.run(t, runMigrate); err == nil || !strings.Contains(err.Error(), "is not a keyset that fake-kms:// wraps") {
		t.Fatalf("another KMS key: %v", err)
	}
}

// TestMasterKeyRotationCommands runs the rotation README describes: add a
// key (not primary), promote it; the keyset then has two keys, the new one
// primary, and still opens what the old one wrapped.
func TestMasterKeyRotationCommands(t *testing.T) {
	t.Parallel()
	uri := fakeKeyURI(t)
	file := filepath.Join(t.TempDir(), "master-keyset.json")
	flags := []string{"--master-key", uri, "--master-keyset", "file://" + file}
	if _, err := masterKeyCmd(t, "create", "--master-key", uri, "--out", file); err != nil {
		t.Fatal(err)
	}
	before, err := openMasterKey(context.Background(), Config{MasterKey: uri, MasterKeyset: "file://" + file})
	check(t, err)
	ct, err := before.Encrypt([]byte("wrapped subject key"), nil)
	check(t, err)

	out, err := masterKeyCmd(t, append([]string{"add"}, flags...)...)
	if err != nil {
		t.Fatalf("add: %v", err)
	}
	m := regexp.MustCompile(`added key (\d+), not yet primary`).FindStringSubmatch(out)
	if m == nil || strings.Count(out, "primary\n") != 1 {
		t.Fatalf("add printed:\n%s", out)
	}
	if _, err = masterKeyCmd(t, append([]string{"promote", "--key-id", m[1]}, flags...)...); err != nil {
		t.Fatalf("promote: %v", err)
	}
	if out, err = masterKeyCmd(t, append([]string{"list"}, flags...)...); err != nil || !strings.Contains(out, "key "+m[1]+"  ENABLED  primary") {
		t.Fatalf("list after promote: %v\n%s", err, out)
	}
	after, err := openMasterKey(context.Background(), Config{MasterKey: uri, MasterKeyset: "file://" + file})
	check(t, err)
	if pt, err := after.Decrypt(ct, nil); err != nil || string(pt) != "wrapped subject key" {
		t.Fatalf("the rotated keyset does not open what the old key wrapped: %v", err)
	}
	if _, err := masterKeyCmd(t, append([]string{"promote", "--key-id", "4242"}, flags...)...); err == nil {
		t.Error("promote of an unknown key: no error")
	}
}

// TestMasterKeyRewrapToKMS moves a cleartext master key (a VM's file) under
// a KMS key: the wrapped copy opens what the file's key wrapped.
func TestMasterKeyRewrapToKMS(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	clear := filepath.Join(dir, "master-key.json")
	if _, err := masterKeyCmd(t, "create", "--master-key", "", "--out", clear); err != nil {
		t.Fatal(err)
	}
	if info, err := os.Stat(clear); err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("cleartext keyset: %v %v; want mode 0600", info, err)
	}
	old, err := openMasterKey(context.Background(), Config{MasterKey: "file://" + clear})
	check(t, err)
	ct, err := old.Encrypt([]byte("x"), nil)
	check(t, err)
	uri := fakeKeyURI(t)
	wrapped := filepath.Join(dir, "master-keyset.json")
	if out, err := masterKeyCmd(t, "rewrap", "--master-key", "file://"+clear, "--to", uri, "--out", wrapped); err != nil {
		t.Fatalf("rewrap: %v\n%s", err, out)
	}
	moved, err := openMasterKey(context.Background(), Config{MasterKey: uri, MasterKeyset: "file://" + wrapped})
	check(t, err)
	if pt, err := moved.Decrypt(ct, nil); err != nil || string(pt) != "x" {
		t.Fatalf("the rewrapped keyset is another key: %v", err)
	}
}

// TestMasterKeyCommandsRefuse: each mistake is one line saying what to do,
// and nothing is written.
func TestMasterKeyCommandsRefuse(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	existing := filepath.Join(dir, "exists.json")
	if _, err := masterKeyCmd(t, "create", "--master-key", "", "--out", existing); err != nil {
		t.Fatal(err)
	}
	uri := fakeKeyURI(t)
	cases := map[string]struct {
		args []string
		want string
	}{
		"no verb":              {nil, "usage: klient master-key"},
		"unknown verb":         {[]string{"frobnicate"}, "usage: klient master-key"},
		"create over a key":    {[]string{"create", "--master-key", "", "--out", existing}, "never overwritten"},
		"create without --out": {[]string{"create", "--master-key", ""}, "--out FILE"},
		"KMS key, no keyset":   {[]string{"list", "--master-key", uri}, "KLIENT_MASTER_KEYSET"},
		"keyset, no KMS key":   {[]string{"list", "--master-key", "", "--master-keyset", "file://" + existing}, "set KLIENT_MASTER_KEY to that key's URI"},
		"rewrap in the clear":  {[]string{"rewrap", "--master-key", "file://" + existing, "--to", "file://" + dir + "/x.json", "--out", dir + "/x.json"}, "never written in the clear"},
		"promote without id":   {[]string{"promote", "--master-key", "file://" + existing}, "--key-id N"},
	}
	for name, c := range cases {
		_, err := masterKeyCmd(t, c.args...)
		if err == nil || !strings.Contains(err.Error(), c.want) || strings.Contains(err.Error(), "\n") {
			t.Errorf("%s: %v; want one line saying %q", name, err, c.want)
		}
	}
	if _, err := os.Stat(dir + "/x.json"); err == nil {
		t.Error("a refused rewrap wrote a file")
	}
}
