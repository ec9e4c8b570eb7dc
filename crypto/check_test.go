package crypto_test

import (
	"context"
	"errors"
	"testing"

	klientcrypto "github.com/klient-crm/klient/crypto"
)

// A server started with another master key must stop at once, not fail on
// every read later.
func TestCheckMasterKey(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	store := newKeyStore(t)
	k := store.keyring(t, false)
	if err := k.CheckMasterKey(ctx); err != nil {
		t.Fatalf("empty key store: %v", err)
	}
	if _, err := k.Seal(ctx, "subject-1", []byte("x"), nil); err != nil {
		t.Fatal(err)
	}
	if err := k.CheckMasterKey(ctx); err != nil {
		t.Fatalf("right master key refused: %v", err)
	}
	other, err := klientcrypto.LoadMasterKey("", t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	store.master = other
	wrong := store.keyring(t, false)
	if err := wrong.CheckMasterKey(ctx); !errors.Is(err, klientcrypto.ErrWrongMasterKey) {
		t.Fatalf("wrong master key: got %v", err)
	}
}
