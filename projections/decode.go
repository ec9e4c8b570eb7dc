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
// model.
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
	errs := openAll(ctx, r.cfg.Codec, wanted, out, func(i int) bool { return out[i].Event == nil })
	for i, err := range errs {
		if err != nil {
			env := wanted[i]
			return nil, fmt.Errorf("projections: %s: decode event %s of type %s at %s: %w",
				r.name, env.ID, env.Type, env.Position, err)
		}
	}
	return out, nil
}

// openAll decodes into out[i] each envs[i] that want(i) asks for, and
// returns each one's error. Opening sealed fields is CPU work (AEAD and
// JSON), so a large batch is opened by several goroutines, each writing
// its own slots: the order stays the log's.
func openAll(ctx context.Context, codec Decoder, envs []eventstore.Envelope, out []eventstore.Decoded, want func(i int) bool) []error {
	errs := make([]error, len(envs))
	workers := min(runtime.GOMAXPROCS(0), 8, (len(envs)+63)/64)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := w; i < len(envs); i += workers {
				if want(i) {
					out[i], errs[i] = codec.Decode(ctx, envs[i])
				}
			}
		})
	}
	wg.Wait()
	return errs
}
