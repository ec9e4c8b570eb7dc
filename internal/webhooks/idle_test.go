package webhooks_test

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/klient-crm/klient/internal/apptest"
	"github.com/klient-crm/klient/internal/webhooks"
	"github.com/klient-crm/klient/projections/integrations"
)

// counter is a pgx tracer that counts the statements a pool runs.
type counter struct{ n atomic.Int64 }

func (c *counter) TraceQueryStart(ctx context.Context, _ *pgx.Conn, _ pgx.TraceQueryStartData) context.Context {
	c.n.Add(1)
	return ctx
}

func (c *counter) TraceQueryEnd(context.Context, *pgx.Conn, pgx.TraceQueryEndData) {}

// TestIdleSenderWaitsForTheFeed (issue 18): a sender with an active
// webhook and nothing new to send does not ask the database every second:
// it waits on the feed's progress (the projector's position on this
// instance). Over idle seconds it runs almost no statements (the figure
// is logged: KLIENT's issue 18 note); and an entry that comes is still
// delivered within a moment.
func TestIdleSenderWaitsForTheFeed(t *testing.T) {
	w := newWorld(t)
	rc := newReceiver(t)
	w.subscribe(rc.srv.URL, integrations.KindContactRegistered)
	cfg := w.app.Pool.Config()
	count := &counter{}
	cfg.ConnConfig.Tracer = count
	pool, err := pgxpool.NewWithConfig(context.Background(), cfg)
	apptest.Must(t, err)
	t.Cleanup(pool.Close)
	s := webhooks.New(webhooks.Config{Pool: pool, Opener: w.app.Keys, Logger: w.app.Log, AllowPrivate: true,
		Progress: w.app.Runtime, Timeout: 5 * time.Second})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { s.Run(ctx); close(done) }()
	t.Cleanup(func() { cancel(); <-done })

	time.Sleep(time.Second) // its first rounds: the webhook is due once
	before := count.n.Load()
	const idle = 5 * time.Second
	time.Sleep(idle)
	perSecond := float64(count.n.Load()-before) / idle.Seconds()
	t.Logf("an idle sender with one webhook: %.1f statements a second", perSecond)
	if perSecond > 0.5 {
		t.Errorf("an idle sender runs %.1f statements a second, want at most 0.5", perSecond)
	}

	w.person("Nora", "Nyström")
	deadline := time.Now().Add(3 * time.Second)
	for len(rc.requests()) == 0 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if n := len(rc.requests()); n != 1 {
		t.Errorf("woken by the feed, the sender sent %d requests within 3 s, want 1", n)
	}
}
