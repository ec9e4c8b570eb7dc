package http

import (
	"sync"
	"testing"

	auditpages "github.com/klient-crm/klient/http/audit"

	"github.com/jackc/pgx/v5/pgxpool"

	klientcrypto "github.com/klient-crm/klient/crypto"
	"github.com/klient-crm/klient/eventstore"
	"github.com/klient-crm/klient/eventstore/postgres"
	"github.com/klient-crm/klient/projections/audit/history"
)

// auditOf builds the real Audit dependencies over the test's store.
func auditOf(t testing.TB, store *postgres.Store, codec *eventstore.Codec, pool *pgxpool.Pool, keys *klientcrypto.Keyring) auditpages.Deps {
	reader, err := history.NewReader(store, codec)
	must(t, err)
	auditKeyrings.Store(store, keys)
	t.Cleanup(func() { auditKeyrings.Delete(store) })
	return auditpages.Deps{Trail: auditpages.AuditTrailReadModel(pool), History: reader}
}

// auditKeyrings holds each test app's keyring by its store, so that an
// audit test can shred a person's key as an erasure does and see the
// history pages show them as erased.
var auditKeyrings sync.Map // *postgres.Store → *klientcrypto.Keyring

func (a *app) keyring() *klientcrypto.Keyring {
	a.t.Helper()
	k, ok := auditKeyrings.Load(a.store)
	if !ok {
		a.t.Fatal("no keyring for this app")
	}
	return k.(*klientcrypto.Keyring)
}
