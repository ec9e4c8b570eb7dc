package credentials_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/klient-crm/klient/crypto/credentials"
	"github.com/klient-crm/klient/internal/pgmigrate"
	"github.com/klient-crm/klient/internal/pgtest"
)

// cheap keeps most tests fast (and fast under -race); one test runs the
// production parameters.
var cheap = credentials.Params{Time: 1, MemoryKiB: 64, Threads: 1}

// clock is a settable time shared by a test and its store.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }

func (c *clock) Advance(d time.Duration) { c.mu.Lock(); defer c.mu.Unlock(); c.t = c.t.Add(d) }

// fixture is a migrated database, a store on it and the store's clock.
type fixture struct {
	pool  *pgxpool.Pool
	store *credentials.Store
	clock *clock
}

func newFixture(t *testing.T, opts ...credentials.Option) fixture {
	t.Helper()
	pool := pgtest.NewPool(t)
	if _, err := pgmigrate.Apply(context.Background(), pool, credentials.Migrations()); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	c := &clock{t: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
	opts = append([]credentials.Option{credentials.WithClock(c.Now), credentials.WithPasswordParams(cheap)}, opts...)
	store, err := credentials.New(pool, opts...)
	if err != nil {
		t.Fatalf("new store: %v", err)
	}
	return fixture{pool: pool, store: store, clock: c}
}

// tableText is every row of table as text, for checking that no secret
// was stored in a readable form.
func (f fixture) tableText(t *testing.T, table string) string {
	t.Helper()
	var text string
	err := f.pool.QueryRow(context.Background(),
		`SELECT coalesce(string_agg(t::text, E'\n'), '') FROM `+table+` t`).Scan(&text)
	if err != nil {
		t.Fatalf("read %s: %v", table, err)
	}
	return text
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
