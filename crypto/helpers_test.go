package crypto_test

import (
	"context"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"
	klientcrypto "github.com/klient-crm/klient/crypto"
	"github.com/klient-crm/klient/eventstore"
	"github.com/klient-crm/klient/internal/pgmigrate"
	"github.com/klient-crm/klient/internal/pgtest"
	"github.com/tink-crypto/tink-go/v2/tink"
)

// The Keyring is the event store's Sealer; crypto does not import eventstore,
// so the check lives here.
var _ eventstore.Sealer = (*klientcrypto.Keyring)(nil)

// keyStore is a fresh, migrated database and a development master key.
type keyStore struct {
	pool   *pgxpool.Pool
	master tink.AEAD
}

func newKeyStore(t testing.TB) keyStore {
	t.Helper()
	pool := pgtest.NewPool(t)
	if _, err := pgmigrate.Apply(context.Background(), pool, klientcrypto.Migrations()); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	master, err := klientcrypto.LoadMasterKey("", t.TempDir())
	if err != nil {
		t.Fatalf("master key: %v", err)
	}
	return keyStore{pool: pool, master: master}
}

// keyring starts one more instance on the store, over its own pool when
// ownPool is set (as a second server would).
func (s keyStore) keyring(t testing.TB, ownPool bool, opts ...klientcrypto.Option) *klientcrypto.Keyring {
	t.Helper()
	pool := s.pool
	if ownPool {
		var err error
		pool, err = pgxpool.New(context.Background(), s.pool.Config().ConnString())
		if err != nil {
			t.Fatalf("pool: %v", err)
		}
		t.Cleanup(pool.Close)
	}
	k, err := klientcrypto.NewKeyring(context.Background(), pool, s.master, opts...)
	if err != nil {
		t.Fatalf("NewKeyring: %v", err)
	}
	t.Cleanup(func() { k.Close() })
	return k
}

func (s keyStore) countKeys(t testing.TB, subject string) int {
	t.Helper()
	var n int
	err := s.pool.QueryRow(context.Background(),
		`SELECT count(*) FROM keystore_subject_keys WHERE subject = $1`, subject).Scan(&n)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func (s keyStore) wrappedKeyset(t testing.TB, subject string) []byte {
	t.Helper()
	var b []byte
	err := s.pool.QueryRow(context.Background(),
		`SELECT keyset FROM keystore_subject_keys WHERE subject = $1`, subject).Scan(&b)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
