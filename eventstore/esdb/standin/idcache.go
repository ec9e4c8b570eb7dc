package standin

import (
	"sync"

	"github.com/google/uuid"
)

// idCache is a node's memory of the event IDs it wrote, the only thing
// an append with expected version Any is checked against for a retry (the
// real server's IndexWriter._committedEvents): bounded by an estimate of
// its bytes and forgetting the oldest first, like the server's
// BoundedCache. Once an ID is forgotten, or the append lands on a leader
// that never wrote it, an Any resend is written a second time. NoStream and
// Exact retries are checked against the stream itself and never forget.
type idCache struct {
	mu      sync.Mutex
	limit   int // bytes
	used    int
	entries map[uuid.UUID]idEntry
	order   []uuid.UUID // oldest first
}

type idEntry struct {
	index int // into the log's records
	cost  int
}

// defaultIDCacheBytes is the server's ESConsts.CommitedEventsMemCacheLimit.
const defaultIDCacheBytes = 8 << 20

// idEntryCost estimates an entry as the server sizes it: a GUID (16), an
// event number (4), a reference (8) and the stream name held as a .NET
// string (an object header and two bytes a character): about 170 bytes
// for "contact-" and a UUID, so some 50,000 events fit.
func idEntryCost(stream string) int { return 16 + 4 + 8 + 22 + 2*len(stream) }

func newIDCache(limit int) *idCache {
	return &idCache{limit: limit, entries: map[uuid.UUID]idEntry{}}
}

func (c *idCache) put(id uuid.UUID, stream string, index int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.entries[id]; ok {
		return
	}
	e := idEntry{index: index, cost: idEntryCost(stream)}
	c.entries[id] = e
	c.order = append(c.order, id)
	c.used += e.cost
	for c.used > c.limit && len(c.order) > 0 {
		oldest := c.order[0]
		c.order = c.order[1:]
		c.used -= c.entries[oldest].cost
		delete(c.entries, oldest)
	}
}

func (c *idCache) get(id uuid.UUID) (index int, ok bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[id]
	return e.index, ok
}
