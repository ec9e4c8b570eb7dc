package postgres

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
)

// notifySQL wakes listeners in other processes. It runs in its own short
// transaction, never in an append: a transaction that NOTIFYs takes a
// cluster-wide lock from pre-commit until after its commit record is
// flushed, which would serialise every append's commit (see doc.go).
// Nothing is lost if this commit is not durable, hence no flush wait.
const notifySQL = `SELECT set_config('synchronous_commit', 'off', true), pg_notify('` + channel + `', '')`

// notifySpacing coalesces notifications under load: at most one per spacing.
const notifySpacing = 5 * time.Millisecond

// notifier sends NOTIFY after appends, one at a time, coalescing bursts.
type notifier struct {
	pool   *pgxpool.Pool
	kick   chan struct{}
	cancel context.CancelFunc
	done   chan struct{}
}

func startNotifier(pool *pgxpool.Pool) *notifier {
	ctx, cancel := context.WithCancel(context.Background())
	n := &notifier{pool: pool, kick: make(chan struct{}, 1), cancel: cancel, done: make(chan struct{})}
	go n.run(ctx)
	return n
}

// poke asks for a notification without ever blocking an append.
func (n *notifier) poke() {
	select {
	case n.kick <- struct{}{}:
	default:
	}
}

func (n *notifier) run(ctx context.Context) {
	defer close(n.done)
	for {
		select {
		case <-ctx.Done():
			return
		case <-n.kick:
		}
		n.send(ctx)
		sleep(ctx, notifySpacing)
	}
}

// send tries a few times past dead pooled connections; a NOTIFY that still
// fails only delays other processes until their next poll.
func (n *notifier) send(ctx context.Context) {
	for range 3 {
		if _, err := n.pool.Exec(ctx, notifySQL); err == nil || !transient(err) {
			return
		}
	}
}

func (n *notifier) stop() {
	n.cancel()
	<-n.done
}
