package crypto

import (
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"github.com/tink-crypto/tink-go/v2/aead"
	"github.com/tink-crypto/tink-go/v2/insecurecleartextkeyset"
	"github.com/tink-crypto/tink-go/v2/keyset"
	"github.com/tink-crypto/tink-go/v2/tink"
)

// DevMasterKeyFile is the development master key's name inside the data
// directory. It is a cleartext keyset: see the package documentation.
const DevMasterKeyFile = "master-key.json"

// LoadMasterKey returns the AEAD that wraps every subject's keyset.
//
// ref "" uses <dataDir>/master-key.json, created (mode 0600) on first run;
// ref "file:///abs/path" uses that existing file. Either file must be a Tink
// keyset in JSON that only its owner can read. Other schemes are refused.
func LoadMasterKey(ref, dataDir string) (tink.AEAD, error) {
	path, dev, err := masterKeyPath(ref, dataDir)
	if err != nil {
		return nil, err
	}
	if dev {
		if err := createDevMasterKey(path); err != nil {
			return nil, err
		}
	}
	return readMasterKey(path)
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
		return "", false, unsupportedScheme(scheme, found)
	}
	u, err := url.Parse(ref)
	if err != nil {
		return "", false, errors.New("crypto: master key reference is not a valid file:///absolute/path URL")
	}
	if (u.Host != "" && u.Host != "localhost") || !filepath.IsAbs(u.Path) {
		return "", false, errors.New("crypto: master key reference must be file:///absolute/path")
	}
	return filepath.Clean(u.Path), false, nil
}

// unsupportedScheme names the scheme only: the rest of a reference may be a
// path or key name that has no business in logs.
func unsupportedScheme(scheme string, found bool) error {
	if !found {
		scheme = "(none)"
	} else {
		scheme += "://"
	}
	return fmt.Errorf("crypto: master key scheme %s is not supported by this build (supported: file:///absolute/path, or empty for a development key in the data directory)", scheme)
}

// readMasterKey checks the mode on the open file, not the path, so the file
// that is read is the file that was checked.
func readMasterKey(path string) (tink.AEAD, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("crypto: master key: %w", err)
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("crypto: master key: %w", err)
	}
	if !info.Mode().IsRegular() {
		return nil, fmt.Errorf("crypto: master key %s is not a regular file", path)
	}
	if perm := info.Mode().Perm(); perm&0o077 != 0 {
		return nil, fmt.Errorf("crypto: master key %s has mode %04o, open to group or others: chmod 600 it", path, perm)
	}
	handle, err := insecurecleartextkeyset.Read(keyset.NewJSONReader(f))
	if err != nil {
		return nil, fmt.Errorf("crypto: master key %s is not a Tink keyset: %w", path, err)
	}
	return aead.New(handle)
}
