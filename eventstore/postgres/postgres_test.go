package postgres

import (
	"context"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/klient-crm/klient/eventstore"
	"github.com/klient-crm/klient/eventstore/storetest"
	"github.com/klient-crm/klient/internal/pgmigrate"
	"github.com/klient-crm/klient/internal/pgtest"
)

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) eventstore.Store { return newTestStore(t) })
}

// newTestStore returns a store on a fresh, migrated database.
func newTestStore(t testing.TB) *Store {
	t.Helper()
	return newStoreOn(t, newPool(t, 0))
}

// newPool opens a pool of maxConns (0: pgx's default) on a fresh, migrated
// database.
func newPool(t testing.TB, maxConns int32) *pgxpool.Pool {
	t.Helper()
	cfg, err := pgxpool.ParseConfig(pgtest.NewDatabase(t))
	if err != nil {
		t.Fatal(err)
	}
	if maxConns > 0 {
		cfg.MaxConns = maxConns
	}
	pool, err := pgxpool.NewWithConfig(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	if _, err := pgmigrate.Apply(context.Background(), pool, Migrations()); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	return pool
}

func newStoreOn(t testing.TB, pool *pgxpool.Pool) *Store {
	t.Helper()
	s, err := New(context.Background(), pool)
	if err != nil {
		t.Fatalf("new store: %v", err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

func TestNewRefusesUnmigratedDatabase(t *testing.T) {
	if _, err := New(context.Background(), pgtest.NewPool(t)); err == nil {
		t.Fatal("New succeeded on a database without the event store's tables")
	}
}
