package projections

import (
	"context"
	"time"

	"github.com/klient-crm/klient/eventstore"
)

// replay applies the log up to head in this process, batch by batch, each
// in its own transaction with the checkpoint: an interrupted rebuild leaves
// a consistent read model that the next runner continues. A batch that
// fails stops the rebuild and marks the projector failed.
func (r *runner) replay(ctx context.Context, head eventstore.Position, total uint64, progress func(uint64, uint64)) error {
	from, done := eventstore.Start, uint64(0)
	for from.Less(head) {
		envs, err := r.cfg.Store.ReadAll(ctx, from, r.cfg.BatchSize)
		if err != nil || len(envs) == 0 {
			return err
		}
		b := batch{From: from, Last: envs[len(envs)-1].Position, Envelopes: envs}
		result, err := r.apply(ctx, b)
		if err == nil && result != applied {
			err = errRestart // nobody else may move the checkpoint while we hold the lock
		}
		if err != nil {
			r.replayFailed(err)
			return scrubbed{err}
		}
		from, done = b.Last, done+uint64(len(envs))
		progress(min(done, total), total)
	}
	r.log.Info("rebuild finished", "projector", r.name, "events", done, "at", from.String())
	return nil
}

func (r *runner) replayFailed(err error) {
	reason := safeError(err)
	r.log.Error("rebuild stopped: a batch failed", "projector", r.name, "error", reason)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_ = setStatus(ctx, r.cfg.Pool, r.name, StatusFailed, reason)
}
