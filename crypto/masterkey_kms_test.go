package crypto_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	klientcrypto "github.com/klient-crm/klient/crypto"
	"github.com/tink-crypto/tink-go/v2/core/registry"
	"github.com/tink-crypto/tink-go/v2/keyset"
	"github.com/tink-crypto/tink-go/v2/testing/fakekms"
	"github.com/tink-crypto/tink-go/v2/tink"
)

// fakeKMS is a key in Tink's fake KMS (the key travels in its URI) and
// the client that reaches it: what a test hands OpenMasterKey in place of
// AWS, Google Cloud or Vault.
func fakeKMS(t *testing.T) (string, registry.KMSClient) {
	t.Helper()
	uri, err := fakekms.NewKeyURI()
	if err != nil {
		t.Fatal(err)
	}
	client, err := fakekms.NewClient("fake-kms://")
	if err != nil {
		t.Fatal(err)
	}
	return uri, client
}

// wrappedMasterKey writes a new master keyset wrapped by a fake KMS key and
// returns where it is.
func wrappedMasterKey(t *testing.T) klientcrypto.MasterKeySource {
	t.Helper()
	uri, client := fakeKMS(t)
	src := klientcrypto.MasterKeySource{Ref: uri, KMS: client,
		Keyset: "file://" + filepath.Join(t.TempDir(), "master-keyset.json")}
	handle, err := klientcrypto.NewMasterKeyset()
	if err != nil {
		t.Fatal(err)
	}
	if err := klientcrypto.WriteMasterKeyset(src, handle, false); err != nil {
		t.Fatal(err)
	}
	return src
}

// TestMasterKeyFromKMS: the master keyset is kept wrapped by a KMS key and
// opened with it; the file holds no key in the clear, and another KMS key
// does not open it.
func TestMasterKeyFromKMS(t *testing.T) {
	t.Parallel()
	src := wrappedMasterKey(t)
	path := strings.TrimPrefix(src.Keyset, "file://")
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(raw), `"encryptedKeyset"`) || strings.Contains(string(raw), `"keyData"`) {
		t.Fatalf("the master keyset is not wrapped:\n%s", raw)
	}
	first := mustOpen(t, src)
	ct, err := first.Encrypt([]byte("subject key"), []byte("subject-1"))
	if err != nil {
		t.Fatal(err)
	}
	again := mustOpen(t, src)
	if pt, err := again.Decrypt(ct, []byte("subject-1")); err != nil || string(pt) != "subject key" {
		t.Fatalf("the master key opened twice is not the same key: %v", err)
	}

	other, client := fakeKMS(t)
	_, err = klientcrypto.OpenMasterKey(klientcrypto.MasterKeySource{Ref: other, KMS: client, Keyset: src.Keyset})
	if err == nil || !strings.Contains(err.Error(), "is not a keyset that fake-kms:// wraps") {
		t.Errorf("another KMS key: %v; want a refusal", err)
	}
	if err != nil && strings.Contains(err.Error(), strings.TrimPrefix(other, "fake-kms://")) {
		t.Errorf("the refusal names the KMS key: %v", err)
	}
}

// TestMasterKeyKindsAreNotMixedUp: a cleartext keyset given as the KMS
// key's keyset, a wrapped one given as a cleartext file, a KMS key without
// its keyset or without a client: each refused, saying what to set.
func TestMasterKeyKindsAreNotMixedUp(t *testing.T) {
	t.Parallel()
	src := wrappedMasterKey(t)
	cleartext := devKey(t)
	cases := map[string]struct {
		src  klientcrypto.MasterKeySource
		want string
	}{
		"cleartext as wrapped": {klientcrypto.MasterKeySource{Ref: src.Ref, KMS: src.KMS, Keyset: "file://" + cleartext},
			"it is a cleartext keyset"},
		"wrapped as cleartext": {klientcrypto.MasterKeySource{Ref: src.Keyset}, "it is wrapped by a KMS key"},
		"no keyset":            {klientcrypto.MasterKeySource{Ref: src.Ref, KMS: src.KMS}, "KLIENT_MASTER_KEYSET"},
		"relative keyset":      {klientcrypto.MasterKeySource{Ref: src.Ref, KMS: src.KMS, Keyset: "master-keyset.json"}, "file:///absolute/path"},
		"no client":            {klientcrypto.MasterKeySource{Ref: src.Ref, Keyset: src.Keyset}, "fake-kms:// is not supported by this build"},
	}
	for name, c := range cases {
		if _, err := klientcrypto.OpenMasterKey(c.src); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v; want an error saying %q", name, err, c.want)
		}
	}
}

// TestMasterKeyNeverOverwritten: writing a master keyset where one is
// refuses unless the caller replaces it on purpose (rotation).
func TestMasterKeyNeverOverwritten(t *testing.T) {
	t.Parallel()
	src := wrappedMasterKey(t)
	handle, err := klientcrypto.NewMasterKeyset()
	if err != nil {
		t.Fatal(err)
	}
	if err := klientcrypto.WriteMasterKeyset(src, handle, false); err == nil || !strings.Contains(err.Error(), "never overwritten") {
		t.Fatalf("second create: %v", err)
	}
}

// TestMasterKeyRotationInTwoSteps rotates the master key of a real key
// store as docs describe: step 1 adds a key that is not yet primary, so an
// instance still on the old keyset opens every subject key the new keyset
// wraps; step 2 promotes it, and instances on the step-1 keyset open what
// the promoted key wraps. Subject keys wrapped before the rotation open
// all along.
func TestMasterKeyRotationInTwoSteps(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	src := wrappedMasterKey(t)
	store := newKeyStore(t)
	store.master = mustOpen(t, src)
	before := store.keyring(t, true)
	old, err := before.Seal(ctx, "subject-old", []byte("sealed before the rotation"), nil)
	if err != nil {
		t.Fatal(err)
	}

	rotate := func(step func(h *keyset.Handle) (*keyset.Handle, error)) tink.AEAD {
		t.Helper()
		h, err := klientcrypto.ReadMasterKeyset(src)
		if err != nil {
			t.Fatal(err)
		}
		if h, err = step(h); err != nil {
			t.Fatal(err)
		}
		if err := klientcrypto.WriteMasterKeyset(src, h, true); err != nil {
			t.Fatal(err)
		}
		return mustOpen(t, src)
	}
	var added uint32
	stepOne := rotate(func(h *keyset.Handle) (*keyset.Handle, error) {
		h, id, err := klientcrypto.AddMasterKey(h)
		added = id
		return h, err
	})
	store.master = stepOne
	afterAdd := store.keyring(t, true)
	opens(t, afterAdd, before, "subject-step1") // the old keyset opens what step 1 wraps

	store.master = rotate(func(h *keyset.Handle) (*keyset.Handle, error) {
		return klientcrypto.PromoteMasterKey(h, added)
	})
	afterPromote := store.keyring(t, true)
	opens(t, afterPromote, afterAdd, "subject-step2") // the step-1 keyset opens what the promoted key wraps
	// Why step 1 is rolled out first: an instance that never had the new key
	// cannot open what it wraps.
	ct, err := afterPromote.Seal(ctx, "subject-step3", []byte("x"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := before.Open(ctx, "subject-step3", ct, nil); err == nil {
		t.Error("the keyset from before step 1 opened a subject key the promoted key wrapped")
	}
	if pt, err := afterPromote.Open(ctx, "subject-old", old, nil); err != nil || string(pt) != "sealed before the rotation" {
		t.Fatalf("a subject key from before the rotation: %v", err)
	}

	h, err := klientcrypto.ReadMasterKeyset(src)
	if err != nil {
		t.Fatal(err)
	}
	keys := klientcrypto.MasterKeys(h)
	if len(keys) != 2 || !keys[0].Primary == !keys[1].Primary {
		t.Fatalf("after rotation: %+v; want two keys, one primary", keys)
	}
	for _, k := range keys {
		if k.Primary != (k.ID == added) || k.Status != "ENABLED" {
			t.Errorf("key %+v: want the added key %d primary, both enabled", k, added)
		}
	}
}

// opens seals for a new subject on instance writer (which makes the
// subject's key, wrapped by writer's master keyset) and opens it on
// instance reader, started on an earlier master keyset.
func opens(t *testing.T, writer, reader *klientcrypto.Keyring, subject string) {
	t.Helper()
	ctx := context.Background()
	ct, err := writer.Seal(ctx, subject, []byte("x"), nil)
	if err != nil {
		t.Fatalf("%s: %v", subject, err)
	}
	if pt, err := reader.Open(ctx, subject, ct, nil); err != nil || string(pt) != "x" {
		t.Fatalf("%s: the earlier keyset does not open it: %v", subject, err)
	}
}

func mustOpen(t *testing.T, src klientcrypto.MasterKeySource) tink.AEAD {
	t.Helper()
	master, err := klientcrypto.OpenMasterKey(src)
	if err != nil {
		t.Fatal(err)
	}
	return master
}
