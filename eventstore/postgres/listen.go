package postgres

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"
)

// channel is the NOTIFY channel that says "the log grew".
const channel = "klient_events"

// listenerName marks the LISTEN connection in pg_stat_activity.
const listenerName = "klient-eventstore-listener"

const (
	minBackoff = 50 * time.Millisecond
	maxBackoff = 5 * time.Second
)

// listen keeps one dedicated connection LISTENing until the store closes,
// reconnecting with backoff. Every reconnect wakes all subscriptions, since
// notifications sent while it was down are lost.
func (h *hub) listen() {
	defer h.wg.Done()
	cfg := h.connConfig.Copy()
	cfg.RuntimeParams["application_name"] = listenerName
	backoff := minBackoff
	for h.ctx.Err() == nil {
		if h.listenOnce(cfg) {
			backoff = minBackoff
		}
		h.wakeAll()
		sleep(h.ctx, backoff)
		backoff = min(2*backoff, maxBackoff)
	}
}

// listenOnce connects, LISTENs and relays notifications until the
// connection fails; it reports whether it got as far as listening.
func (h *hub) listenOnce(cfg *pgx.ConnConfig) bool {
	conn, err := pgx.ConnectConfig(h.ctx, cfg)
	if err != nil {
		return false
	}
	defer conn.Close(context.Background())
	if _, err := conn.Exec(h.ctx, "LISTEN "+channel); err != nil {
		return false
	}
	h.wakeAll()
	for {
		if _, err := conn.WaitForNotification(h.ctx); err != nil {
			return true
		}
		h.wakeAll()
	}
}

// sleep waits for d or until ctx ends.
func sleep(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}
