package crypto_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/uuid"
	klientcrypto "github.com/klient-crm/klient/crypto"
	"github.com/klient-crm/klient/domain"
)

const listenersSQL = `SELECT count(*) FROM pg_stat_activity
	WHERE datname = current_database() AND query = 'LISTEN ` + klientcrypto.NotifyChannel + `'`

// When the listener's connection dies, notifications can be missed: the
// Keyring must drop its cache, reconnect, and honour Shreds again.
func TestListenerReconnects(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	store := newKeyStore(t)
	a, b := store.keyring(t, false), store.keyring(t, true)
	before, _ := a.Seal(ctx, "before", []byte("x"), nil)
	_, err := store.pool.Exec(ctx, `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
		WHERE datname = current_database() AND query = 'LISTEN `+klientcrypto.NotifyChannel+`'`)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.Shred(ctx, "before"); err != nil {
		t.Fatal(err)
	}
	eventuallyErased(t, a, "before", before)
	waitFor(t, "both listeners back", func() bool {
		var n int
		return store.pool.QueryRow(ctx, listenersSQL).Scan(&n) == nil && n == 2
	})
	subject := uuid.NewString()
	ct, err := a.Seal(ctx, subject, []byte("x"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.Shred(ctx, subject); err != nil {
		t.Fatal(err)
	}
	eventuallyErased(t, a, subject, ct)
}

func eventuallyErased(t *testing.T, k *klientcrypto.Keyring, subject string, ct []byte) {
	t.Helper()
	waitFor(t, "Open to answer erased", func() bool {
		_, err := k.Open(context.Background(), subject, ct, nil)
		return domain.IsKind(err, domain.KindErased)
	})
}

func waitFor(t *testing.T, what string, ok func() bool) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); !ok(); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
	}
}
