package crypto

import (
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/tink-crypto/tink-go/v2/aead"
	"github.com/tink-crypto/tink-go/v2/core/registry"
	"github.com/tink-crypto/tink-go/v2/insecurecleartextkeyset"
	"github.com/tink-crypto/tink-go/v2/keyset"
	"github.com/tink-crypto/tink-go/v2/tink"
)

// DevMasterKeyFile is the development master key's name inside the data
// directory. It is a cleartext keyset: see the package documentation.
const DevMasterKeyFile = "master-key.json"

// MasterKeySource says where the master key is.
//
//   - Ref "": the development key <DataDir>/master-key.json, created
//     (mode 0600) on first run.
//   - Ref "file:///abs/path": that cleartext Tink keyset, which only this
//     process may read (checkOwnerOnly).
//   - Ref a KMS key URI (aws-kms://, gcp-kms://, hcvault://): the key, in the
//     KMS, that wraps the master keyset in the file Keyset names, the way
//     Tink's keyset handles wrap one (keyset.Handle.Write with that AEAD).
//     The KMS is asked once, at start; the master keyset stays in memory.
type MasterKeySource struct {
	Ref     string
	Keyset  string             // file:///abs/path of the wrapped keyset, with a KMS Ref
	DataDir string             // where the development key lives, with Ref ""
	KMS     registry.KMSClient // reaches Ref's KMS; crypto/kms.Client makes one
}

// LoadMasterKey is OpenMasterKey for the development key and file://
// references: the reference alone says where the key is.
func LoadMasterKey(ref, dataDir string) (tink.AEAD, error) {
	return OpenMasterKey(MasterKeySource{Ref: ref, DataDir: dataDir})
}

// OpenMasterKey returns the AEAD that wraps every subject's keyset.
func OpenMasterKey(src MasterKeySource) (tink.AEAD, error) {
	if IsKMSRef(src.Ref) {
		handle, err := ReadMasterKeyset(src)
		if err != nil {
			return nil, err
		}
		return aead.New(handle)
	}
	path, dev, err := masterKeyPath(src.Ref, src.DataDir)
	if err != nil {
		return nil, err
	}
	if dev {
		if err := createDevMasterKey(path); err != nil {
			return nil, err
		}
	}
	handle, err := readCleartextKeyset(path)
	if err != nil {
		return nil, err
	}
	return aead.New(handle)
}

// IsKMSRef says whether ref names a key in a KMS rather than a file.
func IsKMSRef(ref string) bool {
	scheme, _, found := strings.Cut(ref, "://")
	return found && scheme != "" && scheme != "file"
}

// ReadMasterKeyset reads the master keyset src names: the cleartext file,
// or the file its KMS key wraps. `klient master-key` edits it.
func ReadMasterKeyset(src MasterKeySource) (*keyset.Handle, error) {
	if !IsKMSRef(src.Ref) {
		path, _, err := masterKeyPath(src.Ref, src.DataDir)
		if err != nil {
			return nil, err
		}
		return readCleartextKeyset(path)
	}
	kek, err := kmsAEAD(src)
	if err != nil {
		return nil, err
	}
	path, err := FilePath(src.Keyset, "master keyset")
	if err != nil {
		return nil, err
	}
	f, err := openRegular(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	handle, err := keyset.Read(keyset.NewJSONReader(f), kek)
	if err != nil {
		return nil, fmt.Errorf("crypto: master keyset %s is not a keyset that %s wraps (%s): %w",
			path, schemeOf(src.Ref), describeKeysetFile(path), err)
	}
	return handle, nil
}

// kmsAEAD is the key-encryption AEAD of src's KMS key.
func kmsAEAD(src MasterKeySource) (tink.AEAD, error) {
	if src.KMS == nil || !src.KMS.Supported(src.Ref) {
		return nil, unsupportedScheme(schemeOf(src.Ref), true)
	}
	if src.Keyset == "" {
		return nil, fmt.Errorf("crypto: the master key is the KMS key %s: name the keyset it wraps (KLIENT_MASTER_KEYSET=file:///path)", schemeOf(src.Ref))
	}
	kek, err := src.KMS.GetAEAD(src.Ref)
	if err != nil {
		return nil, fmt.Errorf("crypto: KMS key %s: %w", schemeOf(src.Ref), err)
	}
	return kek, nil
}

func masterKeyPath(ref, dataDir string) (path string, dev bool, err error) {
	if ref == "" {
		if dataDir == "" {
			return "", false, errors.New("crypto: no master key reference and no data directory to keep a development key in")
		}
		return filepath.Join(dataDir, DevMasterKeyFile), true, nil
	}
	scheme, _, found := strings.Cut(ref, "://")
	if !found || scheme != "file" {
		return "", false, unsupportedScheme(scheme+"://", found)
	}
	path, err = FilePath(ref, "master key")
	return path, false, err
}

// FilePath is the absolute path of a file:///abs/path reference; what
// names the file in errors.
func FilePath(ref, what string) (string, error) {
	u, err := url.Parse(ref)
	if err != nil || u.Scheme != "file" || (u.Host != "" && u.Host != "localhost") || !filepath.IsAbs(u.Path) {
		return "", fmt.Errorf("crypto: %s reference must be file:///absolute/path", what)
	}
	return filepath.Clean(u.Path), nil
}

// schemeOf names a reference by its scheme only: the rest of a KMS URI
// (account, key ring, key name) has no business in logs.
func schemeOf(ref string) string {
	scheme, _, _ := strings.Cut(ref, "://")
	return scheme + "://"
}

func unsupportedScheme(scheme string, found bool) error {
	if !found {
		scheme = "(none)"
	}
	return fmt.Errorf("crypto: master key scheme %s is not supported by this build "+
		"(supported: file:///absolute/path, a KMS key aws-kms://, gcp-kms:// or hcvault://, or empty for a development key in the data directory)", scheme)
}

// readCleartextKeyset checks the mode on the open file, not the path, so
// the file that is read is the file that was checked.
func readCleartextKeyset(path string) (*keyset.Handle, error) {
	f, err := openRegular(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("crypto: master key: %w", err)
	}
	if err := checkOwnerOnly(path, info); err != nil {
		return nil, err
	}
	handle, err := insecurecleartextkeyset.Read(keyset.NewJSONReader(f))
	if err != nil {
		return nil, fmt.Errorf("crypto: master key %s is not a cleartext Tink keyset (%s): %w", path, describeKeysetFile(path), err)
	}
	return handle, nil
}

func openRegular(path string) (*os.File, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("crypto: master key: %w", err)
	}
	info, err := f.Stat()
	if err != nil || !info.Mode().IsRegular() {
		f.Close()
		return nil, fmt.Errorf("crypto: master key %s is not a regular file", path)
	}
	return f, nil
}

// checkOwnerOnly refuses a cleartext master key that anyone but this
// process could read. Others may never read it. Its group may read it
// (never write it) only when that group is this process's own: that is how
// Kubernetes hands over a secret to a non-root pod (fsGroup makes the file
// root:<fsGroup> 0440 whatever defaultMode says) and how a systemd unit with
// Group=klient reads /etc/klient (root:klient 0640). Such a group must hold
// no one but the service.
func checkOwnerOnly(path string, info os.FileInfo) error {
	perm := info.Mode().Perm()
	if perm&0o007 != 0 {
		return fmt.Errorf("crypto: master key %s has mode %04o, open to others: chmod 600 it", path, perm)
	}
	if perm&0o070 == 0 {
		return nil
	}
	st, ok := info.Sys().(*syscall.Stat_t)
	if perm&0o030 != 0 || !ok || int(st.Gid) != os.Getgid() {
		return fmt.Errorf("crypto: master key %s has mode %04o, open to a group that is not this process's own: chmod 600 it", path, perm)
	}
	return nil
}

// describeKeysetFile tells a cleartext keyset from a wrapped one by the
// fields Tink's JSON gives each, for the refusal of the wrong kind.
func describeKeysetFile(path string) string {
	f, err := os.Open(path)
	if err != nil {
		return "unreadable"
	}
	defer f.Close()
	head, _ := io.ReadAll(io.LimitReader(f, 1<<20))
	switch {
	case strings.Contains(string(head), `"encryptedKeyset"`):
		return "it is wrapped by a KMS key: set KLIENT_MASTER_KEY to that key's URI and KLIENT_MASTER_KEYSET to this file"
	case strings.Contains(string(head), `"primaryKeyId"`):
		return "it is a cleartext keyset: give it as KLIENT_MASTER_KEY=file:///path, or wrap it with `klient master-key rewrap`"
	}
	return "neither a cleartext nor a wrapped Tink keyset"
}
