package projections

import (
	"context"
	"fmt"

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
