package crypto_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/google/uuid"
	"github.com/tink-crypto/tink-go/v2/insecurecleartextkeyset"
	"github.com/tink-crypto/tink-go/v2/keyset"

	klientcrypto "github.com/klient-crm/klient/crypto"
	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/internal/pgtest"
)

func TestSealOpenRoundTrip(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	k := newKeyStore(t).keyring(t, false)
	subject := uuid.NewString()
	plain := []byte("Astrid Lindgren, 19071114-1234")
	ct, err := k.Seal(ctx, subject, plain, []byte("field:details"))
	if err != nil {
		t.Fatalf("Seal: %v", err)
	}
	if bytes.Contains(ct, plain) {
		t.Fatal("ciphertext contains the plaintext")
	}
	got, err := k.Open(ctx, subject, ct, []byte("field:details"))
	if err != nil || !bytes.Equal(got, plain) {
		t.Fatalf("Open = %q, %v; want the plaintext", got, err)
	}
}

func TestOpenFailsLoudly(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	k := newKeyStore(t).keyring(t, false)
	a, b := uuid.NewString(), uuid.NewString()
	ct, err := k.Seal(ctx, a, []byte("secret"), []byte("ad"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := k.Seal(ctx, b, []byte("b has a key too"), nil); err != nil {
		t.Fatal(err)
	}
	tampered := bytes.Clone(ct)
	tampered[len(tampered)-1] ^= 1
	cases := []struct {
		name, subject string
		ct, ad        []byte
		want          error
	}{
		{"wrong associated data", a, ct, []byte("other"), klientcrypto.ErrOpenFailed},
		{"other subject's key", b, ct, []byte("ad"), klientcrypto.ErrOpenFailed},
		{"tampered ciphertext", a, tampered, []byte("ad"), klientcrypto.ErrOpenFailed},
		{"subject without a key", uuid.NewString(), ct, []byte("ad"), klientcrypto.ErrNoKey},
	}
	for _, c := range cases {
		_, err := k.Open(ctx, c.subject, c.ct, c.ad)
		if !errors.Is(err, c.want) || domain.IsKind(err, domain.KindErased) {
			t.Errorf("%s: Open error = %v; want %v and not erased", c.name, err, c.want)
		}
	}
}

func TestEmptySubjectIsInvalid(t *testing.T) {
	t.Parallel()
	k := newKeyStore(t).keyring(t, false)
	if _, err := k.Seal(context.Background(), "", []byte("x"), nil); !domain.IsKind(err, domain.KindInvalid) {
		t.Fatalf("Seal with no subject: %v; want invalid", err)
	}
}

// Twenty goroutines on two instances race to create one subject's key:
// exactly one key is stored and every ciphertext opens with it.
func TestKeyCreatedOnceUnderConcurrency(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	store := newKeyStore(t)
	instances := []*klientcrypto.Keyring{store.keyring(t, false), store.keyring(t, true)}
	subject := uuid.NewString()
	cts := make([][]byte, 20)
	var wg sync.WaitGroup
	for i := range cts {
		wg.Go(func() {
			ct, err := instances[i%2].Seal(ctx, subject, fmt.Appendf(nil, "msg %d", i), nil)
			if err != nil {
				t.Errorf("Seal %d: %v", i, err)
			}
			cts[i] = ct
		})
	}
	wg.Wait()
	if n := store.countKeys(t, subject); n != 1 {
		t.Fatalf("%d keys stored for one subject; want 1", n)
	}
	fresh := store.keyring(t, true)
	for i, ct := range cts {
		if got, err := fresh.Open(ctx, subject, ct, nil); err != nil || string(got) != fmt.Sprintf("msg %d", i) {
			t.Errorf("Open %d = %q, %v", i, got, err)
		}
	}
}

func TestNewKeyringNeedsTheSchema(t *testing.T) {
	t.Parallel()
	master, err := klientcrypto.LoadMasterKey("", t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	_, err = klientcrypto.NewKeyring(context.Background(), pgtest.NewPool(t), master)
	if err == nil || !strings.Contains(err.Error(), "Migrations()") {
		t.Fatalf("NewKeyring on an empty database: %v; want a pointer to Migrations", err)
	}
}

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
