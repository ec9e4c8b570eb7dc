package projections

import (
	"context"
	"fmt"
	"sync"

	"github.com/klient-crm/klient/eventstore"
)

// LogCounter is an optional interface of an event store that can count the
// events after a position without reading them. Without it the runtime
// pages through ReadAll, which is fine for lags and slow only for a full
// count of a long log.
type LogCounter interface {
	// CountAfter returns how many events follow after, and the position
	// of the last one (after itself when there are none).
	CountAfter(ctx context.Context, after eventstore.Position) (uint64, eventstore.Position, error)
}

// committedHeader is an optional interface of an event store whose
// readers may see a committed event late (PostgreSQL: behind the horizon
// of an older transaction anywhere in the cluster): CommittedHead is the
// committed event furthest along the log, seen or not, and false for an
// empty log (Runtime.Head).
type committedHeader interface {
	CommittedHead(ctx context.Context) (eventstore.Position, bool, error)
}

const countPage = 1000

// countAfter returns the number of events after pos and the log's head.
func countAfter(ctx context.Context, store eventstore.Store, pos eventstore.Position) (uint64, eventstore.Position, error) {
	if c, ok := store.(LogCounter); ok {
		return c.CountAfter(ctx, pos)
	}
	var n uint64
	for {
		envs, err := store.ReadAll(ctx, pos, countPage)
		if err != nil {
			return n, pos, fmt.Errorf("projections: count events after %s: %w", pos, err)
		}
		if len(envs) == 0 {
			return n, pos, nil
		}
		n += uint64(len(envs))
		pos = envs[len(envs)-1].Position
	}
}

// logSize counts the whole log in the background, so that a rebuild need
// not wait for the count before it starts.
type logSize struct {
	mu      sync.Mutex
	counted bool
	total   uint64
	head    eventstore.Position
	err     error
}

func countLog(ctx context.Context, store eventstore.Store) *logSize {
	s := &logSize{}
	go func() {
		total, head, err := countAfter(ctx, store, eventstore.Start)
		s.mu.Lock()
		defer s.mu.Unlock()
		s.counted, s.total, s.head, s.err = err == nil, total, head, err
	}()
	return s
}

// get returns the count once known (counted), or the counting error.
func (s *logSize) get() (total uint64, head eventstore.Position, counted bool, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.total, s.head, s.counted, s.err
}
