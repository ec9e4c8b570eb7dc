package crypto_test

import (
	"context"
	"testing"

	"github.com/google/uuid"

	"github.com/klient-crm/klient/domain"
)

// Keys made in bulk seal and open like keys made on first use, also for
// another instance reading the key store; a subject that had a key keeps
// it, and an erased one gets none.
func TestCreateKeys(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	store := newKeyStore(t)
	k := store.keyring(t, false)
	had, fresh, erased := uuid.NewString(), uuid.NewString(), uuid.NewString()
	old, err := k.Seal(ctx, had, []byte("förut"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := k.Shred(ctx, erased); err != nil {
		t.Fatal(err)
	}
	if err := k.CreateKeys(ctx, []string{fresh, had, erased, fresh}); err != nil {
		t.Fatalf("CreateKeys: %v", err)
	}
	if n := store.countKeys(t, fresh); n != 1 {
		t.Fatalf("%d key rows for the new subject", n)
	}
	ct, err := k.Seal(ctx, fresh, []byte("ny"), nil)
	if err != nil {
		t.Fatal(err)
	}
	other := store.keyring(t, true)
	if pt, err := other.Open(ctx, fresh, ct, nil); err != nil || string(pt) != "ny" {
		t.Fatalf("another instance opens %q, %v", pt, err)
	}
	if pt, err := other.Open(ctx, had, old, nil); err != nil || string(pt) != "förut" {
		t.Fatalf("the subject that had a key: %q, %v", pt, err)
	}
	if _, err := k.Seal(ctx, erased, []byte("x"), nil); !domain.IsKind(err, domain.KindErased) {
		t.Fatalf("sealing for an erased subject after CreateKeys: %v", err)
	}
	if err := k.CreateKeys(ctx, []string{""}); err == nil {
		t.Fatal("a key for no subject was made")
	}
}
