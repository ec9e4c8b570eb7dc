package postgres

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/klient-crm/klient/eventstore"
)

// batchSize is how many events one poll of a subscription reads.
const batchSize = 512

// subscription polls ReadAll from its position. It has no goroutine of its
// own: Next polls, and sleeps until woken (NOTIFY, a local append, a timer).
// Next is for one goroutine; Close may be called from any.
type subscription struct {
	store  *Store
	ctx    context.Context // ends on Close or when SubscribeAll's ctx ends
	cancel context.CancelFunc
	once   sync.Once
	wake   chan struct{}

	pos     eventstore.Position
	buf     []eventstore.Envelope
	backoff backoff
}

// SubscribeAll delivers every event after `after`, history then live. The
// subscription ends when Close is called or ctx ends; Next then returns
// eventstore.ErrSubscriptionClosed.
func (s *Store) SubscribeAll(ctx context.Context, after eventstore.Position) (eventstore.Subscription, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	sub := &subscription{store: s, wake: make(chan struct{}, 1), pos: after}
	sub.ctx, sub.cancel = context.WithCancel(ctx)
	if !s.hub.add(sub) {
		sub.cancel()
		return nil, eventstore.ErrSubscriptionClosed
	}
	context.AfterFunc(sub.ctx, func() { s.hub.remove(sub) })
	return sub, nil
}

// Next returns the next event, polling and waiting as needed.
func (sub *subscription) Next(ctx context.Context) (eventstore.Envelope, error) {
	for {
		if sub.ctx.Err() != nil {
			return eventstore.Envelope{}, eventstore.ErrSubscriptionClosed
		}
		if err := ctx.Err(); err != nil {
			return eventstore.Envelope{}, err
		}
		if len(sub.buf) > 0 {
			e := sub.buf[0]
			sub.buf, sub.pos = sub.buf[1:], e.Position
			return e, nil
		}
		if err := sub.fill(ctx); err != nil {
			return eventstore.Envelope{}, err
		}
	}
}

// Close ends the subscription and wakes a Next that waits.
func (sub *subscription) Close() error {
	sub.once.Do(sub.cancel)
	return nil
}

func (sub *subscription) poke() {
	select {
	case sub.wake <- struct{}{}:
	default:
	}
}

// maxHeldWait caps the quick re-polls while events wait above the horizon.
const maxHeldWait = 100 * time.Millisecond

// fill polls once and, when that yields nothing, waits for a reason to poll
// again. It returns an error only for Next to pass on.
func (sub *subscription) fill(ctx context.Context) error {
	qctx, cancel := context.WithCancel(ctx)
	defer cancel()
	defer context.AfterFunc(sub.ctx, cancel)()
	select { // a wake-up from before this poll is answered by this poll
	case <-sub.wake:
	default:
	}
	evs, held, err := sub.poll(qctx)
	switch {
	case sub.ctx.Err() != nil || ctx.Err() != nil:
		return ctx.Err() // nil when the subscription ended: Next reports that
	case err != nil && !transient(err):
		return fmt.Errorf("eventstore/postgres: subscription: %w", err)
	case err != nil:
		return sub.wait(ctx, sub.backoff.next(minBackoff, maxBackoff))
	case len(evs) > 0:
		sub.buf = evs
		sub.backoff.reset()
		return nil
	case held:
		return sub.wait(ctx, sub.backoff.next(time.Millisecond, maxHeldWait))
	}
	sub.backoff.reset()
	return sub.wait(ctx, sub.store.pollInterval)
}

// poll reads a batch; when it is empty it also asks whether events wait
// above the horizon, which will come down without any notification.
func (sub *subscription) poll(ctx context.Context) (evs []eventstore.Envelope, held bool, err error) {
	evs, err = sub.store.readAll(ctx, sub.pos, batchSize)
	if err != nil || len(evs) > 0 {
		return evs, false, err
	}
	held, err = sub.store.heldBack(ctx, sub.pos)
	return nil, held, err
}

// wait sleeps for d, or until a wake-up, Close or ctx.
func (sub *subscription) wait(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-sub.ctx.Done():
	case <-sub.wake:
	case <-t.C:
	}
	return nil
}

// backoff doubles a delay between floor and ceiling until reset.
type backoff struct{ d time.Duration }

func (b *backoff) next(floor, ceiling time.Duration) time.Duration {
	b.d = min(max(2*b.d, floor), ceiling)
	return b.d
}

func (b *backoff) reset() { b.d = 0 }

// hub knows a store's open subscriptions and wakes them when the log may
// have grown. It starts the LISTEN connection with the first subscription.
type hub struct {
	connConfig *pgx.ConnConfig

	mu        sync.Mutex
	subs      map[*subscription]struct{}
	listening bool
	closed    bool

	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup
}

func newHub(cfg *pgx.ConnConfig) *hub {
	ctx, cancel := context.WithCancel(context.Background())
	return &hub{connConfig: cfg, subs: map[*subscription]struct{}{}, ctx: ctx, cancel: cancel}
}

// add registers sub; it reports false once the store is closed.
func (h *hub) add(sub *subscription) bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return false
	}
	h.subs[sub] = struct{}{}
	if !h.listening {
		h.listening = true
		h.wg.Add(1)
		go h.listen()
	}
	return true
}

func (h *hub) remove(sub *subscription) {
	h.mu.Lock()
	defer h.mu.Unlock()
	delete(h.subs, sub)
}

// wakeAll never blocks: a subscription that has a wake-up pending needs no
// second one.
func (h *hub) wakeAll() {
	h.mu.Lock()
	defer h.mu.Unlock()
	for sub := range h.subs {
		sub.poke()
	}
}

// close ends every subscription and the listener.
func (h *hub) close() {
	h.mu.Lock()
	h.closed = true
	subs := make([]*subscription, 0, len(h.subs))
	for sub := range h.subs {
		subs = append(subs, sub)
	}
	h.mu.Unlock()
	for _, sub := range subs {
		_ = sub.Close()
	}
	h.cancel()
	h.wg.Wait()
}

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
