// Package pgtest gives each test its own, freshly created PostgreSQL
// database on the server named by KLIENT_TEST_DATABASE_URL (set by
// `make test`, which starts a private cluster when needed). Without a
// server, tests fail: a database test never skips.
package pgtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// ServerURL returns the admin URL of the test server, failing the test when
// none is configured.
func ServerURL(t testing.TB) string {
	t.Helper()
	for _, k := range []string{"KLIENT_TEST_DATABASE_URL", "KLIENT_DATABASE_URL"} {
		if v := os.Getenv(k); v != "" {
			return v
		}
	}
	t.Fatal("no PostgreSQL for tests: run `make test`, or set KLIENT_TEST_DATABASE_URL (eval $(deploy/dev/postgres.sh env))")
	return ""
}

// NewDatabase creates an empty database (with pg_trgm available) and returns
// its URL; the database is dropped when the test ends.
func NewDatabase(t testing.TB) string {
	t.Helper()
	admin := ServerURL(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, admin)
	if err != nil {
		t.Fatalf("pgtest: connect to %s: %v", redact(admin), err)
	}
	defer conn.Close(ctx)
	name := "klient_test_" + randomSuffix()
	if _, err := conn.Exec(ctx, "CREATE DATABASE "+name); err != nil {
		t.Fatalf("pgtest: create database: %v", err)
	}
	t.Cleanup(func() { drop(admin, name) })
	return withDatabase(t, admin, name)
}

// NewPool creates a fresh database and a pool on it, closed at cleanup.
func NewPool(t testing.TB) *pgxpool.Pool {
	t.Helper()
	dsn := NewDatabase(t)
	pool, err := pgxpool.New(context.Background(), dsn)
	if err != nil {
		t.Fatalf("pgtest: pool: %v", err)
	}
	t.Cleanup(pool.Close)
	return pool
}

func drop(admin, name string) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, admin)
	if err != nil {
		return
	}
	defer conn.Close(ctx)
	_, _ = conn.Exec(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
}

func withDatabase(t testing.TB, admin, name string) string {
	u, err := url.Parse(admin)
	if err != nil {
		t.Fatalf("pgtest: %s is not a URL: %v", redact(admin), err)
	}
	u.Path = "/" + name
	return u.String()
}

func redact(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		return "(unparseable URL)"
	}
	return u.Redacted()
}

func randomSuffix() string {
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
