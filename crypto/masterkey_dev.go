package crypto

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/tink-crypto/tink-go/v2/aead"
	"github.com/tink-crypto/tink-go/v2/insecurecleartextkeyset"
	"github.com/tink-crypto/tink-go/v2/keyset"
	"github.com/tink-crypto/tink-go/v2/tink"
)

// createDevMasterKey writes a fresh cleartext keyset to path unless a file
// is already there. The keyset is written to a private temporary file and
// hard-linked into place, so a concurrent starter never reads half a key and
// an existing key is never overwritten.
func createDevMasterKey(path string) error {
	if _, err := os.Lstat(path); err == nil {
		return nil
	}
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("crypto: master key directory: %w", err)
	}
	handle, err := NewMasterKeyset()
	if err != nil {
		return err
	}
	tmp, err := writeTempKeyset(dir, handle, nil)
	if err != nil {
		return err
	}
	defer os.Remove(tmp)
	if err := os.Link(tmp, path); err != nil && !errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("crypto: master key: %w", err)
	}
	return nil
}

// NewMasterKeyset is a master keyset of one AES256-GCM key.
func NewMasterKeyset() (*keyset.Handle, error) {
	handle, err := keyset.NewHandle(aead.AES256GCMKeyTemplate())
	if err != nil {
		return nil, fmt.Errorf("crypto: new master key: %w", err)
	}
	return handle, nil
}

// writeTempKeyset writes handle into a new file in dir, wrapped by kek, or
// in the clear when kek is nil; it relies on os.CreateTemp's mode 0600.
func writeTempKeyset(dir string, handle *keyset.Handle, kek tink.AEAD) (string, error) {
	f, err := os.CreateTemp(dir, ".master-key-*.tmp")
	if err != nil {
		return "", fmt.Errorf("crypto: master key: %w", err)
	}
	if kek == nil {
		err = insecurecleartextkeyset.Write(handle, keyset.NewJSONWriter(f))
	} else {
		err = handle.Write(keyset.NewJSONWriter(f), kek)
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(f.Name())
		return "", fmt.Errorf("crypto: write master key: %w", err)
	}
	return f.Name(), nil
}
