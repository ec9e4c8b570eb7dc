package crypto_test

import (
	"bytes"
	"context"
	"testing"

	"github.com/google/uuid"
	klientcrypto "github.com/klient-crm/klient/crypto"
	"github.com/tink-crypto/tink-go/v2/insecurecleartextkeyset"
	"github.com/tink-crypto/tink-go/v2/keyset"
)

// The stored keyset is ciphertext under the master key: it is not a usable
// keyset on its own, does not contain the raw AES key, does not unwrap with
// another master key, and does not unwrap as another subject's.
func TestStoredKeysetIsWrapped(t *testing.T) {
	t.Parallel()
	store := newKeyStore(t)
	subject := uuid.NewString()
	if _, err := store.keyring(t, false).Seal(context.Background(), subject, []byte("x"), nil); err != nil {
		t.Fatal(err)
	}
	wrapped := store.wrappedKeyset(t, subject)

	if _, err := insecurecleartextkeyset.Read(keyset.NewBinaryReader(bytes.NewReader(wrapped))); err == nil {
		t.Error("the stored bytes read as a cleartext keyset")
	}
	handle, err := keyset.ReadWithAssociatedData(keyset.NewBinaryReader(bytes.NewReader(wrapped)), store.master, []byte(subject))
	if err != nil {
		t.Fatalf("unwrap with the right master key and subject: %v", err)
	}
	for _, key := range insecurecleartextkeyset.KeysetMaterial(handle).GetKey() {
		raw := key.GetKeyData().GetValue()
		if aesKey := raw[len(raw)-32:]; bytes.Contains(wrapped, aesKey) {
			t.Error("the stored bytes contain the raw AES key")
		}
	}
	if _, err := keyset.ReadWithAssociatedData(keyset.NewBinaryReader(bytes.NewReader(wrapped)), store.master, []byte("other")); err == nil {
		t.Error("the keyset unwraps as another subject's")
	}
	other, err := klientcrypto.LoadMasterKey("", t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := keyset.ReadWithAssociatedData(keyset.NewBinaryReader(bytes.NewReader(wrapped)), other, []byte(subject)); err == nil {
		t.Error("the keyset unwraps with another master key")
	}
}

// Copying subject A's wrapped key into subject B's row does not let B's
// ciphertext be forged or A's be opened as B.
func TestSwappedKeyRowDoesNotUnwrap(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	store := newKeyStore(t)
	a, b := uuid.NewString(), uuid.NewString()
	k := store.keyring(t, false)
	ct, err := k.Seal(ctx, a, []byte("x"), nil)
	if err != nil {
		t.Fatal(err)
	}
	_, err = store.pool.Exec(ctx, `INSERT INTO keystore_subject_keys (subject, keyset, key_id)
		SELECT $2, keyset, key_id FROM keystore_subject_keys WHERE subject = $1`, a, b)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := store.keyring(t, false).Open(ctx, b, ct, nil); err == nil {
		t.Fatal("A's ciphertext opened as B with A's key copied to B")
	}
}
