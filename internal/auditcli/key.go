package auditcli

import (
	"crypto/ed25519"
	"crypto/rand"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// KeyFlag is the signing key's file: a flag, else KLIENT_AUDIT_KEY, else
// <data-dir>/audit-signing-key.pem (created on first use).
type KeyFlag struct{ Path string }

// Register adds --audit-key to fs.
func (k *KeyFlag) Register(fs *flag.FlagSet) {
	fs.StringVar(&k.Path, "audit-key", os.Getenv("KLIENT_AUDIT_KEY"),
		"PEM file of the Ed25519 checkpoint signing key; default <data-dir>/audit-signing-key.pem, created on first use (KLIENT_AUDIT_KEY)")
}

// location is the key file and whether it may be created there.
func (k KeyFlag) location(dataDir string) (string, bool) {
	if k.Path != "" {
		return k.Path, false
	}
	return filepath.Join(dataDir, "audit-signing-key.pem"), true
}

// loadAuditKey reads the Ed25519 checkpoint signing key from path. When
// create is set and the file does not exist, it makes a new key there,
// readable by this user only: a development machine needs no set-up. In
// production path names a secret file and is never created.
func loadAuditKey(path string, create bool) (ed25519.PrivateKey, error) {
	raw, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) && create {
		return createAuditKey(path)
	}
	if err != nil {
		return nil, fmt.Errorf("audit signing key: %w", err)
	}
	block, _ := pem.Decode(raw)
	if block == nil || block.Type != "PRIVATE KEY" {
		return nil, fmt.Errorf("audit signing key %s: not a PEM PRIVATE KEY", path)
	}
	k, err := x509.ParsePKCS8PrivateKey(block.Bytes)
	key, ok := k.(ed25519.PrivateKey)
	if err != nil || !ok {
		return nil, fmt.Errorf("audit signing key %s: not an Ed25519 key", path)
	}
	return key, nil
}

func createAuditKey(path string) (ed25519.PrivateKey, error) {
	_, key, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return nil, err
	}
	der, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("audit signing key: %w", err)
	}
	// O_EXCL: two processes starting at once must not both write a key.
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return loadAuditKey(path, false)
	}
	if err != nil {
		return nil, fmt.Errorf("audit signing key: %w", err)
	}
	if err := errors.Join(pem.Encode(f, &pem.Block{Type: "PRIVATE KEY", Bytes: der}), f.Close()); err != nil {
		return nil, fmt.Errorf("audit signing key: %w", err)
	}
	return key, nil
}

// publicKeyPEM is pub as a PEM PUBLIC KEY (PKIX), what an auditor keeps.
func publicKeyPEM(pub ed25519.PublicKey) ([]byte, error) {
	der, err := x509.MarshalPKIXPublicKey(pub)
	if err != nil {
		return nil, err
	}
	return pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der}), nil
}

// readPublicKey reads a PEM PUBLIC KEY written by `klient audit public-key`.
func readPublicKey(path string) (ed25519.PublicKey, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("public key: %w", err)
	}
	block, _ := pem.Decode(raw)
	if block == nil || block.Type != "PUBLIC KEY" {
		return nil, fmt.Errorf("public key %s: not a PEM PUBLIC KEY", path)
	}
	k, err := x509.ParsePKIXPublicKey(block.Bytes)
	pub, ok := k.(ed25519.PublicKey)
	if err != nil || !ok {
		return nil, fmt.Errorf("public key %s: not an Ed25519 key", path)
	}
	return pub, nil
}
