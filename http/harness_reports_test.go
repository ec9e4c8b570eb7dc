package http

import (
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"

	klientcrypto "github.com/klient-crm/klient/crypto"
	"github.com/klient-crm/klient/eventstore"
	"github.com/klient-crm/klient/eventstore/postgres"
	reportpages "github.com/klient-crm/klient/http/reports"
	"github.com/klient-crm/klient/projections/reports"
)

// reportsOf builds the real Reports dependencies over the test's store.
func reportsOf(t testing.TB, store *postgres.Store, codec *eventstore.Codec, pool *pgxpool.Pool, keys *klientcrypto.Keyring) reportpages.Deps {
	return reportpages.Deps{Queries: reports.New(pool)}
}
