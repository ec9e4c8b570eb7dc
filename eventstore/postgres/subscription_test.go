package postgres

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/klient-crm/klient/eventstore"
)

// TestSubscriptionSurvivesLostConnections: with the poll timer out of the
// way, a subscriber is woken by another process's append only through
// NOTIFY; after every connection of the database is killed, it must keep
// delivering and its listener must come back.
func TestSubscriptionSurvivesLostConnections(t *testing.T) {
	pool := newPool(t, 0)
	reader, writer := newStoreOn(t, pool), newStoreOn(t, newPoolLike(t, pool.Config().ConnString()))
	reader.pollInterval = time.Hour
	ctx, cancel := context.WithTimeout(t.Context(), 60*time.Second)
	defer cancel()
	sub, err := reader.SubscribeAll(ctx, eventstore.Start)
	if err != nil {
		t.Fatal(err)
	}
	waitForListener(t, pool.Config().ConnString(), 1)
	wantNext(t, ctx, sub, appendOne(t, writer))
	killBackends(t, pool.Config().ConnString())
	wantNext(t, ctx, sub, appendOne(t, writer)) // the reconnect's wake-up finds it
	waitForListener(t, pool.Config().ConnString(), 1)
	wantNext(t, ctx, sub, appendOne(t, writer)) // NOTIFY through the new listener
}

func TestStoreCloseEndsSubscriptions(t *testing.T) {
	s := newTestStore(t)
	sub, err := s.SubscribeAll(t.Context(), eventstore.Start)
	if err != nil {
		t.Fatal(err)
	}
	_ = s.Close()
	if _, err := sub.Next(t.Context()); !errors.Is(err, eventstore.ErrSubscriptionClosed) {
		t.Errorf("Next after the store closed: %v, want ErrSubscriptionClosed", err)
	}
	if _, err := s.SubscribeAll(t.Context(), eventstore.Start); !errors.Is(err, eventstore.ErrSubscriptionClosed) {
		t.Errorf("SubscribeAll on a closed store: %v, want ErrSubscriptionClosed", err)
	}
}

func TestSubscribeCtxEndsSubscription(t *testing.T) {
	s := newTestStore(t)
	ctx, cancel := context.WithCancel(t.Context())
	sub, err := s.SubscribeAll(ctx, eventstore.Start)
	if err != nil {
		t.Fatal(err)
	}
	cancel()
	if _, err := sub.Next(t.Context()); !errors.Is(err, eventstore.ErrSubscriptionClosed) {
		t.Errorf("Next after SubscribeAll's ctx ended: %v, want ErrSubscriptionClosed", err)
	}
}

// appendOne appends one event, retrying while the writer's pool finds out
// its connections were killed (a retry of the same IDs is idempotent).
func appendOne(t *testing.T, s *Store) eventstore.Envelope {
	t.Helper()
	e := tortureEvents(1)
	var err error
	for range 10 {
		if _, err = s.Append(t.Context(), "reconnect-"+e[0].ID.String(), eventstore.NoStream, e); err == nil {
			return e[0]
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("append: %v", err)
	return e[0]
}

func wantNext(t *testing.T, ctx context.Context, sub eventstore.Subscription, want eventstore.Envelope) {
	t.Helper()
	ctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	got, err := sub.Next(ctx)
	if err != nil || got.ID != want.ID {
		t.Fatalf("Next: %s, %v; want %s", got.ID, err, want.ID)
	}
}

func killBackends(t *testing.T, dsn string) {
	t.Helper()
	conn, err := pgx.Connect(t.Context(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	var killed int
	err = conn.QueryRow(t.Context(), `SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
		WHERE datname = current_database() AND pid <> pg_backend_pid()`).Scan(&killed)
	if err != nil || killed < 2 {
		t.Fatalf("killed %d backends (%v), want the listener and pool connections", killed, err)
	}
}

// waitForListener waits until n listener connections are LISTENing on the
// database of dsn.
func waitForListener(t *testing.T, dsn string, n int) {
	t.Helper()
	conn, err := pgx.Connect(t.Context(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	for deadline := time.Now().Add(15 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		var got int
		err := conn.QueryRow(t.Context(), `SELECT count(*) FROM pg_stat_activity
			WHERE datname = current_database() AND application_name = $1 AND query LIKE 'LISTEN%'`, listenerName).Scan(&got)
		if err != nil {
			t.Fatal(err)
		}
		if got == n {
			return
		}
	}
	t.Fatalf("no %d listener(s) on the database", n)
}

// newPoolLike opens a second pool on the same database: a second process.
func newPoolLike(t *testing.T, dsn string) *pgxpool.Pool {
	t.Helper()
	pool, err := pgxpool.New(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	return pool
}
