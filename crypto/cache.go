package crypto

import (
	"container/list"
	"strings"
	"sync"

	"github.com/tink-crypto/tink-go/v2/tink"
)

// keyCache is a bounded LRU of unwrapped primitives, plus "erased" marks
// (tombstones are permanent, so an erased answer never goes stale).
//
// epoch closes the race between a slow load and a Shred: a loader notes the
// epoch before reading the database and its result is cached only if no
// eviction happened meanwhile, so a key read just before a Shred committed
// cannot be put back after the Shred evicted it.
type keyCache struct {
	mu    sync.Mutex
	max   int
	order *list.List // front = most recently used
	items map[string]*list.Element
	epoch uint64
}

type cacheEntry struct {
	subject   string
	primitive tink.AEAD // nil when erased
}

func newKeyCache(max int) *keyCache {
	return &keyCache{max: max, order: list.New(), items: make(map[string]*list.Element)}
}

// get returns the subject's primitive (nil if erased) and whether it was cached.
func (c *keyCache) get(subject string) (tink.AEAD, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.items[subject]
	if !ok {
		return nil, false
	}
	c.order.MoveToFront(el)
	return el.Value.(*cacheEntry).primitive, true
}

// currentEpoch is noted by a loader before it reads the key store.
func (c *keyCache) currentEpoch() uint64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.epoch
}

// putKey caches a primitive loaded since epoch, unless something was
// evicted in between.
func (c *keyCache) putKey(subject string, p tink.AEAD, epoch uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if epoch == c.epoch {
		c.insert(subject, p)
	}
}

// putErased marks subject erased, whatever happened meanwhile.
func (c *keyCache) putErased(subject string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.insert(subject, nil)
}

func (c *keyCache) insert(subject string, p tink.AEAD) {
	if el, ok := c.items[subject]; ok {
		el.Value.(*cacheEntry).primitive = p
		c.order.MoveToFront(el)
		return
	}
	c.items[subject] = c.order.PushFront(&cacheEntry{subject: subject, primitive: p})
	for c.order.Len() > c.max {
		oldest := c.order.Back()
		c.order.Remove(oldest)
		delete(c.items, oldest.Value.(*cacheEntry).subject)
	}
}

// evict forgets subject and invalidates loads in flight.
func (c *keyCache) evict(subject string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.epoch++
	if el, ok := c.items[subject]; ok {
		c.order.Remove(el)
		delete(c.items, subject)
	}
}

// evictFamily is evict for an owner and every entry key it owns (domain.EntryKey).
func (c *keyCache) evictFamily(owner string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.epoch++
	prefix := owner + "/"
	for subject, el := range c.items {
		if subject == owner || strings.HasPrefix(subject, prefix) {
			c.order.Remove(el)
			delete(c.items, subject)
		}
	}
}

// purge forgets everything and invalidates loads in flight.
func (c *keyCache) purge() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.epoch++
	c.order.Init()
	clear(c.items)
}

func (c *keyCache) len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.order.Len()
}
