package crypto_test

import (
	"context"
	"errors"
	"testing"

	"github.com/google/uuid"
	klientcrypto "github.com/klient-crm/klient/crypto"
	"github.com/klient-crm/klient/domain"
)

func TestShredErasesSubject(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	store := newKeyStore(t)
	k := store.keyring(t, false)
	subject, other := uuid.NewString(), uuid.NewString()
	ct, err := k.Seal(ctx, subject, []byte("x"), nil)
	if err != nil {
		t.Fatal(err)
	}
	otherCT, _ := k.Seal(ctx, other, []byte("y"), nil)
	first, err := k.Shred(ctx, subject)
	if err != nil {
		t.Fatalf("Shred: %v", err)
	}
	if first.KeyID == 0 || first.Fingerprint == "" || first.ShreddedAt.IsZero() || first.Subject != subject {
		t.Errorf("tombstone = %+v; want subject, time, key ID and fingerprint", first)
	}
	if n := store.countKeys(t, subject); n != 0 {
		t.Errorf("%d key rows left after Shred", n)
	}
	assertErased(t, k, subject, ct)
	assertErased(t, store.keyring(t, true), subject, ct) // a fresh instance reads the tombstone
	again, err := k.Shred(ctx, subject)
	if err != nil || again != first {
		t.Errorf("second Shred = %+v, %v; want the first tombstone", again, err)
	}
	if _, err := k.Open(ctx, other, otherCT, nil); err != nil {
		t.Errorf("another subject's data after Shred: %v", err)
	}
}

func TestShredBeforeAnyKey(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	k := newKeyStore(t).keyring(t, false)
	subject := uuid.NewString()
	ts, err := k.Shred(ctx, subject)
	if err != nil || ts.KeyID != 0 {
		t.Fatalf("Shred = %+v, %v", ts, err)
	}
	if _, err := k.Seal(ctx, subject, []byte("x"), nil); !domain.IsKind(err, domain.KindErased) {
		t.Fatalf("Seal after Shred: %v; want erased (no new key)", err)
	}
}

// Instance A has the key cached; instance B (its own pool, as another
// server) shreds it; A must stop opening within moments, through NOTIFY.
func TestShredEvictsOtherInstancesCache(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	store := newKeyStore(t)
	a, b := store.keyring(t, false), store.keyring(t, true)
	subject := uuid.NewString()
	ct, err := a.Seal(ctx, subject, []byte("x"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.Open(ctx, subject, ct, nil); err != nil { // served from A's cache
		t.Fatal(err)
	}
	if _, err := b.Shred(ctx, subject); err != nil {
		t.Fatal(err)
	}
	eventuallyErased(t, a, subject, ct)
	assertErased(t, a, subject, ct)
}

func assertErased(t *testing.T, k *klientcrypto.Keyring, subject string, ct []byte) {
	t.Helper()
	ctx := context.Background()
	if _, err := k.Open(ctx, subject, ct, nil); !domain.IsKind(err, domain.KindErased) || !errors.Is(err, klientcrypto.ErrShredded) {
		t.Errorf("Open after Shred: %v; want erased", err)
	}
	if _, err := k.Seal(ctx, subject, []byte("new"), nil); !domain.IsKind(err, domain.KindErased) {
		t.Errorf("Seal after Shred: %v; want erased", err)
	}
	if gone, err := k.IsShredded(ctx, subject); err != nil || !gone {
		t.Errorf("IsShredded = %v, %v; want true", gone, err)
	}
}
