package projections

import (
	"context"
	"hash/fnv"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// projectorLock is a PostgreSQL session advisory lock that makes its holder
// the only runner of a projector across the fleet. It lives on a dedicated
// connection, outside the pool, so that it is held exactly as long as that
// connection and never handed to another goroutine by the pool.
type projectorLock struct {
	conn *pgx.Conn
	key  int64
}

// lockKey derives the advisory lock key from the projector name.
func lockKey(name string) int64 {
	h := fnv.New64a()
	h.Write([]byte("klient/projector/" + name))
	return int64(h.Sum64())
}

// outageRetry is how soon a runner tries again after the database did not
// answer.
const outageRetry = 250 * time.Millisecond

// acquireLock blocks until this instance holds name's lock, trying again
// every retry, or until ctx is done.
func acquireLock(ctx context.Context, pool *pgxpool.Pool, name string, retry time.Duration, log *slog.Logger) (*projectorLock, error) {
	waiting := false
	for {
		l, err := tryLock(ctx, pool, name)
		if l != nil {
			return l, nil
		}
		if err != nil && ctx.Err() == nil {
			log.Warn("cannot try projector lock", "projector", name, "error", safeError(err))
		} else if err == nil && !waiting {
			log.Info("projector runs on another instance; standing by", "projector", name)
			waiting = true
		}
		// A lock held elsewhere is tried again every retry; a database that
		// did not answer much sooner, so that once it is back the read
		// models catch up before writers wait out their read-your-writes.
		wait := retry
		if err != nil {
			wait = min(retry, outageRetry)
		}
		if !sleep(ctx, wait) {
			return nil, ctx.Err()
		}
	}
}

func tryLock(ctx context.Context, pool *pgxpool.Pool, name string) (*projectorLock, error) {
	conn, err := pgx.ConnectConfig(ctx, pool.Config().ConnConfig.Copy())
	if err != nil {
		return nil, err
	}
	l := &projectorLock{conn: conn, key: lockKey(name)}
	var got bool
	if err := conn.QueryRow(ctx, `SELECT pg_try_advisory_lock($1)`, l.key).Scan(&got); err != nil || !got {
		conn.Close(context.WithoutCancel(ctx))
		return nil, err
	}
	return l, nil
}

// alive reports whether the lock's connection (and so the lock) still stands.
func (l *projectorLock) alive(ctx context.Context) error { return l.conn.Ping(ctx) }

// release unlocks, then ends the session.
func (l *projectorLock) release() {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	// Unlock first: closing only asks the server to end the session, and
	// until its backend has exited the lock is still held, so the next
	// taker (a second rebuild a moment later) would find it taken and wait
	// for a runner that is not there.
	_, _ = l.conn.Exec(ctx, `SELECT pg_advisory_unlock($1)`, l.key)
	_ = l.conn.Close(ctx)
}

// sleep waits d or until ctx is done; it reports whether it slept fully.
func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}
