package crypto_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	klientcrypto "github.com/klient-crm/klient/crypto"
)

func TestDevMasterKeyCreatedPrivateAndReused(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "data")
	first, err := klientcrypto.LoadMasterKey("", dir)
	if err != nil {
		t.Fatalf("first run: %v", err)
	}
	path := filepath.Join(dir, klientcrypto.DevMasterKeyFile)
	info, err := os.Stat(path)
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("master key file: %v, %v; want mode 0600", info, err)
	}
	ct, err := first.Encrypt([]byte("x"), nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, ref := range []string{"", "file://" + path} {
		again, err := klientcrypto.LoadMasterKey(ref, dir)
		if err != nil {
			t.Fatalf("LoadMasterKey(%q): %v", ref, err)
		}
		if pt, err := again.Decrypt(ct, nil); err != nil || string(pt) != "x" {
			t.Errorf("LoadMasterKey(%q) is another key: %v", ref, err)
		}
	}
}

// TestMasterKeyOpenToOthersRefused: a cleartext master key readable by
// others, or writable by its group, is refused in one line.
func TestMasterKeyOpenToOthersRefused(t *testing.T) {
	t.Parallel()
	path := devKey(t)
	for _, mode := range []os.FileMode{0o644, 0o604, 0o444, 0o660, 0o620} {
		if err := os.Chmod(path, mode); err != nil {
			t.Fatal(err)
		}
		_, err := klientcrypto.LoadMasterKey("file://"+path, "")
		if err == nil || !strings.Contains(err.Error(), "chmod 600") || strings.Contains(err.Error(), "\n") {
			t.Errorf("mode %04o: %v; want a one-line refusal", mode, err)
		}
	}
}

// TestMasterKeyReadableByOwnGroupAccepted is a Kubernetes secret volume
// with fsGroup (the file root:<fsGroup> 0440, fsGroup the pod's group) and
// /etc/klient under a systemd unit with Group=klient (root:klient 0640):
// the group may read the key when it is this process's own group, and only
// then.
func TestMasterKeyReadableByOwnGroupAccepted(t *testing.T) {
	t.Parallel()
	path := devKey(t)
	if err := os.Chown(path, -1, os.Getgid()); err != nil {
		t.Fatal(err)
	}
	for _, mode := range []os.FileMode{0o440, 0o640, 0o400, 0o600} {
		if err := os.Chmod(path, mode); err != nil {
			t.Fatal(err)
		}
		if _, err := klientcrypto.LoadMasterKey("file://"+path, ""); err != nil {
			t.Errorf("mode %04o, the process's own group: %v", mode, err)
		}
	}
	if os.Geteuid() != 0 {
		t.Skip("giving the file another group needs root")
	}
	if err := os.Chown(path, -1, os.Getgid()+4242); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, 0o640); err != nil {
		t.Fatal(err)
	}
	_, err := klientcrypto.LoadMasterKey("file://"+path, "")
	if err == nil || !strings.Contains(err.Error(), "not this process's own") {
		t.Errorf("mode 0640 under another group: %v; want a refusal", err)
	}
	if err := os.Chmod(path, 0o400); err != nil {
		t.Fatal(err)
	}
	if _, err := klientcrypto.LoadMasterKey("file://"+path, ""); err != nil {
		t.Errorf("mode 0400 under another group: %v", err)
	}
}

func TestMasterKeyReferenceRefused(t *testing.T) {
	t.Parallel()
	cases := map[string]string{
		"aws-kms://arn:aws:kms:eu-north-1:1:key/x": "aws-kms:// is not supported by this build",
		"gcp-kms://projects/p/locations/l/k":       "gcp-kms:// is not supported by this build",
		"file://relative/key.json":                 "file:///absolute/path",
		"file:///does/not/exist.json":              "no such file",
		"/abs/without/scheme.json":                 "file:///absolute/path",
	}
	for ref, want := range cases {
		_, err := klientcrypto.LoadMasterKey(ref, t.TempDir())
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("LoadMasterKey(%q) = %v; want an error saying %q", ref, err, want)
		}
		if err != nil && strings.Contains(ref, "kms") && strings.Contains(err.Error(), "eu-north-1") {
			t.Errorf("the refusal names the key: %v", err)
		}
	}
}

// devKey is a fresh development key's path.
func devKey(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	if _, err := klientcrypto.LoadMasterKey("", dir); err != nil {
		t.Fatal(err)
	}
	return filepath.Join(dir, klientcrypto.DevMasterKeyFile)
}
