package crypto_test

import (
	"context"
	"testing"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgxpool"

	klientcrypto "github.com/klient-crm/klient/crypto"
	"github.com/klient-crm/klient/domain"
)

// Prefetch loads many subjects' keys in one go: afterwards they open with
// no key store at all, an erased subject stays erased, and a subject
// without a key is no error.
func TestPrefetchCachesKeysAndErasures(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	store := newKeyStore(t)
	writer := store.keyring(t, false)
	alive, gone := uuid.NewString(), uuid.NewString()
	sealed := map[string][]byte{}
	for _, s := range []string{alive, gone} {
		ct, err := writer.Seal(ctx, s, []byte("canary "+s), []byte("ad"))
		if err != nil {
			t.Fatal(err)
		}
		sealed[s] = ct
	}
	if _, err := writer.Shred(ctx, gone); err != nil {
		t.Fatal(err)
	}
	pool, err := pgxpool.New(ctx, store.pool.Config().ConnString())
	if err != nil {
		t.Fatal(err)
	}
	reader, err := klientcrypto.NewKeyring(ctx, pool, store.master)
	if err != nil {
		t.Fatal(err)
	}
	defer reader.Close()
	if err := reader.Prefetch(ctx, []string{alive, gone, uuid.NewString()}); err != nil {
		t.Fatalf("Prefetch: %v", err)
	}
	pool.Close() // from here on only the cache can answer
	pt, err := reader.Open(ctx, alive, sealed[alive], []byte("ad"))
	if err != nil || string(pt) != "canary "+alive {
		t.Errorf("Open after Prefetch = %q, %v; want the plaintext from the cached key", pt, err)
	}
	if _, err := reader.Open(ctx, gone, sealed[gone], []byte("ad")); !domain.IsKind(err, domain.KindErased) {
		t.Errorf("Open of an erased subject after Prefetch = %v; want erased", err)
	}
}
