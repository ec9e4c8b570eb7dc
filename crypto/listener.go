package crypto

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"
)

// NotifyChannel carries the subject ID of every Shred to all instances.
const NotifyChannel = "klient_keystore_shred"

// runListener keeps one dedicated connection (outside the pool, so it never
// starves it) LISTENing. Notifications sent while it is down are lost, so the
// cache is emptied and switched off until it listens again.
func (k *Keyring) runListener(ctx context.Context, ready chan<- error) {
	defer close(k.done)
	backoff := 100 * time.Millisecond
	for {
		err := k.listenOnce(ctx, ready)
		ready = nil
		k.listening.Store(false)
		k.cache.purge()
		if ctx.Err() != nil {
			return
		}
		k.log.Warn("keyring: shred listener lost; key cache off until it reconnects", "err", err)
		select {
		case <-ctx.Done():
			return
		case <-time.After(backoff):
		}
		backoff = min(2*backoff, 5*time.Second)
	}
}

// listenOnce returns when the connection fails or ctx ends. It reports the
// outcome of its first LISTEN on ready (if not nil).
func (k *Keyring) listenOnce(ctx context.Context, ready chan<- error) error {
	conn, err := pgx.ConnectConfig(ctx, k.pool.Config().ConnConfig.Copy())
	if err == nil {
		defer conn.Close(context.WithoutCancel(ctx))
		_, err = conn.Exec(ctx, "LISTEN "+NotifyChannel)
	}
	if err == nil {
		k.cache.purge()
		k.listening.Store(true)
	}
	// Reported only now, so that NewKeyring returns with the cache on: a
	// Prefetch straight after it would otherwise cache nothing.
	if ready != nil {
		ready <- err
	}
	if err != nil {
		return err
	}
	for {
		n, err := conn.WaitForNotification(ctx)
		if err != nil {
			return err
		}
		k.cache.evict(n.Payload)
	}
}
