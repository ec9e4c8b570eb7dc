package accesslog_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	klientcrypto "github.com/klient-crm/klient/crypto"
	"github.com/klient-crm/klient/domain/access"
	"github.com/klient-crm/klient/internal/pgmigrate"
	"github.com/klient-crm/klient/internal/pgtest"
	"github.com/klient-crm/klient/projections/accesslog"
)

var t0 = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

func newLog(t *testing.T) *pgxpool.Pool {
	t.Helper()
	pool := pgtest.NewPool(t)
	if _, err := pgmigrate.Apply(context.Background(), pool, accesslog.Migrations(), klientcrypto.Migrations()); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	master, err := klientcrypto.LoadMasterKey("", t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	k, err := klientcrypto.NewKeyring(context.Background(), pool, master)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = k.Close() })
	keyrings.Store(pool, k)
	return pool
}

// keyrings are the key rings of the tests' logs, by pool: the purposes'
// keys are real keys in the same database.
var keyrings sync.Map

func keysOf(pool *pgxpool.Pool) *klientcrypto.Keyring {
	k, _ := keyrings.Load(pool)
	return k.(*klientcrypto.Keyring)
}

// view is an entry of staff looking at subjects at t0 + minutes.
func view(staff string, minutes int, subjects ...string) accesslog.Entry {
	return accesslog.Entry{At: t0.Add(time.Duration(minutes) * time.Minute), StaffID: staff, Subjects: subjects,
		Route: "/contacts/{id}", Action: access.ContactView, CorrelationID: "req-1", Via: accesslog.ViaPage}
}

func record(t *testing.T, pool *pgxpool.Pool, entries ...accesslog.Entry) {
	t.Helper()
	for _, e := range entries {
		if err := accesslog.Record(context.Background(), pool, keysOf(pool), e); err != nil {
			t.Fatalf("Record(%+v): %v", e, err)
		}
	}
}

func ids(entries []accesslog.Entry) []int64 {
	out := make([]int64, len(entries))
	for i, e := range entries {
		out[i] = e.ID
	}
	return out
}

func count(t *testing.T, pool *pgxpool.Pool) int {
	t.Helper()
	var n int
	if err := pool.QueryRow(context.Background(), `SELECT count(*) FROM access_log`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
