package postgres

import (
	"context"
	"sync"

	"github.com/jackc/pgx/v5"
)

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
