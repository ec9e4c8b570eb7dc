package postgres

import (
	"context"
	"testing"

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
	pool := pgtest.NewPool(t)
	ctx := context.Background()
	if _, err := pgmigrate.Apply(ctx, pool, Migrations()); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	s, err := New(ctx, pool)
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
