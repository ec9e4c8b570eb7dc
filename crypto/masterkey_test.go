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

func TestMasterKeyOpenToOthersRefused(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	if _, err := klientcrypto.LoadMasterKey("", dir); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, klientcrypto.DevMasterKeyFile)
	for _, mode := range []os.FileMode{0o644, 0o640, 0o604} {
		if err := os.Chmod(path, mode); err != nil {
			t.Fatal(err)
		}
		_, err := klientcrypto.LoadMasterKey("file://"+path, "")
		if err == nil || !strings.Contains(err.Error(), "chmod 600") || strings.Contains(err.Error(), "\n") {
			t.Errorf("mode %04o: %v; want a one-line refusal", mode, err)
		}
	}
}

func TestMasterKeyReferenceRefused(t *testing.T) {
	t.Parallel()
	cases := map[string]string{
		"aws-kms://arn:aws:kms:eu-north-1:1:key/x": "aws-kms:// is not supported",
		"gcp-kms://projects/p/locations/l/k":       "gcp-kms:// is not supported",
		"file://relative/key.json":                 "file:///absolute/path",
		"file:///does/not/exist.json":              "no such file",
		"/abs/without/scheme.json":                 "file:///absolute/path",
	}
	for ref, want := range cases {
		_, err := klientcrypto.LoadMasterKey(ref, t.TempDir())
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("LoadMasterKey(%q) = %v; want an error saying %q", ref, err, want)
		}
	}
}
