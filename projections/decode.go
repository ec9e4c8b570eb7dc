package projections

import (
	"context"
	"fmt"
	"runtime"
	"sync"

	"github.com/klient-crm/klient/eventstore"
)

// decode opens the events the projector handles; the others only move the
// checkpoint. opened holds what the shared feed opened already (nil when the
// runner reads privately); the rest is opened here. An event that cannot be
// decoded fails the batch: skipping it would silently corrupt the read
// model. Opening sealed fields is CPU work (AEAD and JSON), so a large batch
// is decoded by several goroutines, each writing its own slots: the order
// stays the log's.
func (r *runner) decode(ctx context.Context, envs []eventstore.Envelope, opened []eventstore.Decoded) ([]eventstore.Decoded, error) {
	wanted := make([]eventstore.Envelope, 0, len(envs))
	out := make([]eventstore.Decoded, 0, len(envs))
	for i, env := range envs {
		if handles(r.p, env.Type) {
			wanted = append(wanted, env)
			if i < len(opened) && opened[i].Event != nil && opened[i].ID == env.ID {
				out = append(out, opened[i])
			} else {
				out = append(out, eventstore.Decoded{})
			}
		}
	}
	errs := make([]error, len(wanted))
	workers := min(runtime.GOMAXPROCS(0), 8, (len(wanted)+63)/64)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := w; i < len(wanted); i += workers {
				if out[i].Event == nil {
					out[i], errs[i] = r.cfg.Codec.Decode(ctx, wanted[i])
				}
			}
		})
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			env := wanted[i]
			return nil, fmt.Errorf("projections: %s: decode event %s of type %s at %s: %w",
				r.name, env.ID, env.Type, env.Position, err)
		}
	}
	return out, nil
}
