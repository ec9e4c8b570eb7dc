package crypto

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/tink-crypto/tink-go/v2/aead"
	"github.com/tink-crypto/tink-go/v2/keyset"
	"github.com/tink-crypto/tink-go/v2/tink"
)

// Rotating the master key is Tink's two steps, each rolled out to every
// instance before the next: AddMasterKey puts a new key in the keyset
// beside the old ones (every instance can then open what the new key
// wraps), PromoteMasterKey makes it the one that wraps new subject keys.
// Old keys stay: the subject keys they wrapped are still opened with them.

// MasterKeyInfo describes one key of a master keyset: never key material.
type MasterKeyInfo struct {
	ID      uint32
	Status  string // ENABLED, DISABLED or DESTROYED
	Primary bool
}

// MasterKeys lists handle's keys.
func MasterKeys(handle *keyset.Handle) []MasterKeyInfo {
	var out []MasterKeyInfo
	info := handle.KeysetInfo()
	for _, k := range info.GetKeyInfo() {
		out = append(out, MasterKeyInfo{ID: k.GetKeyId(), Status: k.GetStatus().String(), Primary: k.GetKeyId() == info.GetPrimaryKeyId()})
	}
	return out
}

// AddMasterKey adds a fresh AES256-GCM key, enabled but not primary.
func AddMasterKey(handle *keyset.Handle) (*keyset.Handle, uint32, error) {
	m := keyset.NewManagerFromHandle(handle)
	id, err := m.Add(aead.AES256GCMKeyTemplate())
	if err != nil {
		return nil, 0, fmt.Errorf("crypto: add master key: %w", err)
	}
	out, err := m.Handle()
	return out, id, err
}

// PromoteMasterKey makes the key id primary.
func PromoteMasterKey(handle *keyset.Handle, id uint32) (*keyset.Handle, error) {
	m := keyset.NewManagerFromHandle(handle)
	if err := m.SetPrimary(id); err != nil {
		return nil, fmt.Errorf("crypto: promote master key %d: %w", id, err)
	}
	return m.Handle()
}

// WriteMasterKeyset writes handle to the file dst names, wrapped by dst's
// KMS key (or in the clear for a file:// reference), mode 0600. The file is
// written beside its place and renamed into it, so a reader never sees
// half a keyset; an existing file is replaced only when replace says so.
func WriteMasterKeyset(dst MasterKeySource, handle *keyset.Handle, replace bool) error {
	path, kek, err := destination(dst)
	if err != nil {
		return err
	}
	tmp, err := writeTempKeyset(filepath.Dir(path), handle, kek)
	if err != nil {
		return err
	}
	defer os.Remove(tmp)
	if replace {
		err = os.Rename(tmp, path)
	} else if err = os.Link(tmp, path); errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("crypto: %s exists: choose another file, a master key is never overwritten", path)
	}
	if err != nil {
		return fmt.Errorf("crypto: write master key: %w", err)
	}
	return nil
}

func destination(dst MasterKeySource) (string, tink.AEAD, error) {
	if !IsKMSRef(dst.Ref) {
		path, err := FilePath(dst.Ref, "master key")
		return path, nil, err
	}
	kek, err := kmsAEAD(dst)
	if err != nil {
		return "", nil, err
	}
	path, err := FilePath(dst.Keyset, "master keyset")
	return path, kek, err
}
