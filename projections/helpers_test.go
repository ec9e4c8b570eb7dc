package projections_test

import (
	"context"
	"log/slog"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/klient-crm/klient/eventstore"
	"github.com/klient-crm/klient/projections"
)

// runtime builds a runtime over the world's database.
func (w *world) runtime(p projections.Projector) *projections.Runtime {
	return w.runtimeWith(p, 200)
}

func (w *world) runtimeWith(p projections.Projector, batchSize int) *projections.Runtime {
	w.t.Helper()
	rt, err := projections.New(projections.Config{
		Pool: w.pool, Store: w.store, Codec: w.codec, Projectors: []projections.Projector{p}, Logger: testLogger(w.t),
		BatchSize: batchSize, LockRetry: 200 * time.Millisecond, PollInterval: 20 * time.Millisecond,
		Retry: projections.RetryPolicy{MaxRetries: 2, InitialInterval: 10 * time.Millisecond, MaxInterval: 50 * time.Millisecond},
	})
	must(w.t, err)
	return rt
}

// start runs rt until the returned stop is called (or the test ends).
func start(t testing.TB, rt *projections.Runtime) (stop func()) {
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { defer wg.Done(); _ = rt.Run(ctx) }()
	var once sync.Once
	stop = func() { once.Do(func() { cancel(); wg.Wait() }) }
	t.Cleanup(stop)
	return stop
}

func waitFor(t testing.TB, rt *projections.Runtime, name string, pos eventstore.Position) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	must(t, rt.WaitFor(ctx, name, pos))
}

func testLogger(t testing.TB) *slog.Logger {
	level := slog.LevelWarn
	if os.Getenv("KLIENT_TEST_LOG") != "" {
		level = slog.LevelDebug
	}
	return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level}))
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func queryInt(t testing.TB, pool *pgxpool.Pool, sql string, args ...any) int {
	t.Helper()
	var n int
	must(t, pool.QueryRow(context.Background(), sql, args...).Scan(&n))
	return n
}
