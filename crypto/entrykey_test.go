package crypto_test

import (
	"context"
	"testing"

	"github.com/google/uuid"
	"github.com/klient-crm/klient/domain"
)

// An entry key (docs/gdpr.md, "Mentions in other matters") is destroyed on
// its own without its owner's, and with its owner's when the owner goes:
// erasing a person or ending a matter's retention still makes every entry
// sealed for them unreadable.
func TestEntryKeysGoWithTheirOwner(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	store := newKeyStore(t)
	k := store.keyring(t, false)
	owner, neighbour := "matter-"+uuid.NewString(), "matter-"+uuid.NewString()
	first, second := domain.EntryKey(owner, "communication-1"), domain.EntryKey(owner, "task-2")
	near := domain.EntryKey(neighbour, "communication-1")
	seal := func(subject string) []byte {
		t.Helper()
		ct, err := k.Seal(ctx, subject, []byte("text"), nil)
		if err != nil {
			t.Fatalf("Seal %s: %v", subject, err)
		}
		return ct
	}
	ownerCT, firstCT, secondCT, nearCT := seal(owner), seal(first), seal(second), seal(near)

	if _, err := k.Shred(ctx, first); err != nil {
		t.Fatal(err)
	}
	assertErased(t, k, first, firstCT)
	for subject, ct := range map[string][]byte{owner: ownerCT, second: secondCT} {
		if _, err := k.Open(ctx, subject, ct, nil); err != nil {
			t.Errorf("%s after its sibling's shred: %v", subject, err)
		}
	}

	if _, err := k.Shred(ctx, owner); err != nil {
		t.Fatal(err)
	}
	if n := store.countKeys(t, second); n != 0 {
		t.Errorf("entry key rows left after the owner's shred: %d", n)
	}
	fresh := store.keyring(t, true)
	for subject, ct := range map[string][]byte{owner: ownerCT, second: secondCT} {
		assertErased(t, k, subject, ct)
		assertErased(t, fresh, subject, ct)
	}
	if shredded, err := fresh.IsShredded(ctx, second); err != nil || !shredded {
		t.Errorf("IsShredded(entry) = %v, %v; want a tombstone of its own", shredded, err)
	}
	if _, err := k.Seal(ctx, domain.EntryKey(owner, "task-3"), []byte("x"), nil); !domain.IsKind(err, domain.KindErased) {
		t.Errorf("a new entry key of a shredded owner: %v; want erased", err)
	}
	if _, err := fresh.Open(ctx, near, nearCT, nil); err != nil {
		t.Errorf("another owner's entry after the shred: %v", err)
	}
}
