package crypto_test

import (
	"context"
	"testing"

	"github.com/google/uuid"
)

// A restore of the key store from an older backup brings back a shredded key
// and loses its tombstone; re-applying the saved list shreds it again and
// keeps the original time and fingerprint.
func TestReapplyTombstonesAfterRestore(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	store := newKeyStore(t)
	k := store.keyring(t, false)
	subject := uuid.NewString()
	ct, err := k.Seal(ctx, subject, []byte("x"), nil)
	if err != nil {
		t.Fatal(err)
	}
	backup := store.wrappedKeyset(t, subject)
	if _, err := k.Shred(ctx, subject); err != nil {
		t.Fatal(err)
	}
	saved, err := k.Tombstones(ctx)
	if err != nil || len(saved) != 1 {
		t.Fatalf("Tombstones = %v, %v", saved, err)
	}
	restoreOldBackup(t, store, subject, backup)
	restored := store.keyring(t, false)
	if _, err := restored.Open(ctx, subject, ct, nil); err != nil {
		t.Fatalf("the restore did not bring the key back (test set-up): %v", err)
	}
	n, err := restored.ReapplyTombstones(ctx, saved)
	if err != nil || n != 1 {
		t.Fatalf("ReapplyTombstones = %d, %v; want 1 key destroyed", n, err)
	}
	assertErased(t, restored, subject, ct)
	after, _ := restored.Tombstones(ctx)
	if len(after) != 1 || !after[0].ShreddedAt.Equal(saved[0].ShreddedAt) || after[0].Fingerprint != saved[0].Fingerprint {
		t.Errorf("tombstone after re-apply = %+v; want %+v", after, saved)
	}
	if n, err := restored.ReapplyTombstones(ctx, saved); err != nil || n != 0 {
		t.Errorf("second ReapplyTombstones = %d, %v; want 0", n, err)
	}
}

func restoreOldBackup(t *testing.T, store keyStore, subject string, wrapped []byte) {
	t.Helper()
	ctx := context.Background()
	if _, err := store.pool.Exec(ctx, `DELETE FROM keystore_tombstones`); err != nil {
		t.Fatal(err)
	}
	_, err := store.pool.Exec(ctx, `INSERT INTO keystore_subject_keys (subject, keyset, key_id) VALUES ($1, $2, 1)`, subject, wrapped)
	if err != nil {
		t.Fatal(err)
	}
}
