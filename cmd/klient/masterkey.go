package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"

	klientcrypto "github.com/klient-crm/klient/crypto"
	"github.com/klient-crm/klient/crypto/kms"
	"github.com/tink-crypto/tink-go/v2/core/registry"
	"github.com/tink-crypto/tink-go/v2/keyset"
	"github.com/tink-crypto/tink-go/v2/tink"
)

// kmsForTests stands in for every KMS when a test sets it: Tink's fake
// KMS (fake-kms:// URIs, the key inside the URI) is accepted nowhere else.
var kmsForTests registry.KMSClient

// checkMasterKey: a KMS master key needs the keyset it wraps, and only a
// KMS master key has one.
func (c *Config) checkMasterKey() error {
	kmsKey := klientcrypto.IsKMSRef(c.MasterKey)
	if kmsKey && c.MasterKeyset == "" {
		return errors.New("the master key is a KMS key: set KLIENT_MASTER_KEYSET to file:/// the keyset it wraps (`klient master-key create` makes one)")
	}
	if !kmsKey && c.MasterKeyset != "" {
		return errors.New("KLIENT_MASTER_KEYSET is the keyset a KMS key wraps: set KLIENT_MASTER_KEY to that key's URI (aws-kms://, gcp-kms://, hcvault://)")
	}
	return nil
}

// openMasterKey opens the master key cfg names, asking its KMS once.
func openMasterKey(ctx context.Context, cfg Config) (tink.AEAD, error) {
	src, err := masterKeySource(ctx, cfg.MasterKey, cfg)
	if err != nil {
		return nil, err
	}
	return klientcrypto.OpenMasterKey(src)
}

// masterKeySource is where the master key ref is, with cfg's keyset and a
// client for ref's KMS.
func masterKeySource(ctx context.Context, ref string, cfg Config) (klientcrypto.MasterKeySource, error) {
	src := klientcrypto.MasterKeySource{Ref: ref, Keyset: cfg.MasterKeyset, DataDir: cfg.DataDir}
	if !klientcrypto.IsKMSRef(ref) {
		return src, nil
	}
	if kmsForTests != nil {
		src.KMS = kmsForTests
		return src, nil
	}
	var err error
	src.KMS, err = kms.Client(ctx, ref, cfg.VaultToken)
	return src, err
}

const masterKeyUsage = "usage: klient master-key create --out FILE | list | add | promote --key-id N | rewrap --to KMS-URI --out FILE " +
	"(the master key: --master-key, with --master-keyset for a KMS key)"

// runMasterKey: `klient master-key …` makes and rotates the master keyset
// (docs: README, "The master key"). It needs no database.
func runMasterKey(ctx context.Context, args []string, stdout io.Writer) error {
	if len(args) == 0 {
		return errors.New(masterKeyUsage)
	}
	var cfg Config
	var out, to string
	var keyID uint
	fs := flag.NewFlagSet("klient master-key "+args[0], flag.ContinueOnError)
	cfg.register(fs)
	fs.StringVar(&out, "out", "", "the new keyset file (create, rewrap)")
	fs.StringVar(&to, "to", "", "the KMS key that is to wrap the keyset (rewrap)")
	fs.UintVar(&keyID, "key-id", 0, "the key to make primary (promote)")
	if err := parseFlags(fs, args[1:], stdout); err != nil {
		return err
	}
	if args[0] == "create" { // the new keyset is --out
		return createMasterKey(ctx, cfg, out, stdout)
	}
	if err := cfg.checkMasterKey(); err != nil {
		return err
	}
	switch args[0] {
	case "list", "add", "promote":
		return editMasterKey(ctx, cfg, args[0], uint32(keyID), stdout)
	case "rewrap":
		return rewrapMasterKey(ctx, cfg, to, out, stdout)
	}
	return errors.New(masterKeyUsage)
}

// createMasterKey writes a new keyset to out: wrapped by the configured
// KMS key, or in the clear when the master key is no KMS key.
func createMasterKey(ctx context.Context, cfg Config, out string, stdout io.Writer) error {
	ref := cfg.MasterKey
	if !klientcrypto.IsKMSRef(ref) {
		ref = ""
	}
	dst, err := keysetDestination(ctx, ref, out, cfg)
	if err != nil {
		return err
	}
	handle, err := klientcrypto.NewMasterKeyset()
	if err != nil {
		return err
	}
	if err := klientcrypto.WriteMasterKeyset(dst, handle, false); err != nil {
		return err
	}
	return printKeys(stdout, "created "+out+" ("+wrapping(ref)+")", handle)
}

// editMasterKey lists the configured keyset, or takes one step of a
// rotation in place: add a key, promote it.
func editMasterKey(ctx context.Context, cfg Config, step string, keyID uint32, stdout io.Writer) error {
	src, err := masterKeySource(ctx, cfg.MasterKey, cfg)
	if err != nil {
		return err
	}
	if src.Ref == "" {
		return errors.New("name the master key: --master-key file:///path, or a KMS key with --master-keyset")
	}
	handle, err := klientcrypto.ReadMasterKeyset(src)
	if err != nil {
		return err
	}
	note := "the master keyset"
	switch step {
	case "add":
		var id uint32
		if handle, id, err = klientcrypto.AddMasterKey(handle); err != nil {
			return err
		}
		note = fmt.Sprintf("added key %d, not yet primary: roll this keyset out to every instance, then `klient master-key promote --key-id %d`", id, id)
	case "promote":
		if keyID == 0 {
			return errors.New("usage: klient master-key promote --key-id N (the ID `klient master-key add` printed)")
		}
		if handle, err = klientcrypto.PromoteMasterKey(handle, keyID); err != nil {
			return err
		}
		note = "key " + strconv.FormatUint(uint64(keyID), 10) + " is primary: roll this keyset out to every instance"
	}
	if step != "list" {
		if err := klientcrypto.WriteMasterKeyset(src, handle, true); err != nil {
			return err
		}
	}
	return printKeys(stdout, note, handle)
}

// rewrapMasterKey writes the configured keyset, wrapped by the KMS key to,
// to out: from a cleartext file to a KMS, or from one KMS key to another.
// It never writes a keyset in the clear.
func rewrapMasterKey(ctx context.Context, cfg Config, to, out string, stdout io.Writer) error {
	if !klientcrypto.IsKMSRef(to) {
		return errors.New("usage: klient master-key rewrap --to KMS-URI --out FILE (aws-kms://, gcp-kms:// or hcvault://; a master key is never written in the clear)")
	}
	src, err := masterKeySource(ctx, cfg.MasterKey, cfg)
	if err != nil {
		return err
	}
	handle, err := klientcrypto.ReadMasterKeyset(src)
	if err != nil {
		return err
	}
	dst, err := keysetDestination(ctx, to, out, cfg)
	if err != nil {
		return err
	}
	if err := klientcrypto.WriteMasterKeyset(dst, handle, false); err != nil {
		return err
	}
	return printKeys(stdout, "wrote "+out+" ("+wrapping(to)+"): set KLIENT_MASTER_KEY to that key and KLIENT_MASTER_KEYSET="+dst.Keyset, handle)
}

// keysetDestination is where a new keyset file out goes, wrapped by the
// KMS key ref (or in the clear when ref is empty).
func keysetDestination(ctx context.Context, ref, out string, cfg Config) (klientcrypto.MasterKeySource, error) {
	if out == "" {
		return klientcrypto.MasterKeySource{}, errors.New("name the new keyset file: --out FILE")
	}
	abs, err := filepath.Abs(out)
	if err != nil {
		return klientcrypto.MasterKeySource{}, err
	}
	if ref == "" {
		return klientcrypto.MasterKeySource{Ref: "file://" + abs}, nil
	}
	cfg.MasterKeyset = "file://" + abs
	return masterKeySource(ctx, ref, cfg)
}

func wrapping(ref string) string {
	if ref == "" {
		return "a cleartext keyset, mode 0600"
	}
	scheme, _, _ := strings.Cut(ref, "://")
	return "wrapped by a " + scheme + ":// key"
}

// printKeys prints note and every key's ID and status: no key material.
func printKeys(w io.Writer, note string, handle *keyset.Handle) error {
	fmt.Fprintln(w, note)
	for _, k := range klientcrypto.MasterKeys(handle) {
		primary := ""
		if k.Primary {
			primary = "  primary"
		}
		if _, err := fmt.Fprintf(w, "  key %d  %s%s\n", k.ID, k.Status, primary); err != nil {
			return err
		}
	}
	return nil
}
