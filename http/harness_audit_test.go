package http

import (
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"

	klientcrypto "github.com/klient-crm/klient/crypto"
	"github.com/klient-crm/klient/eventstore"
	"github.com/klient-crm/klient/eventstore/postgres"
)

// auditOf builds the real Audit dependencies over the test's store.
func auditOf(t testing.TB, store *postgres.Store, codec *eventstore.Codec, pool *pgxpool.Pool, keys *klientcrypto.Keyring) Audit {
	return Audit{}
}
