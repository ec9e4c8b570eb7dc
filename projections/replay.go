package projections

import (
	"context"
	"time"

	"github.com/klient-crm/klient/eventstore"
)

// replay applies the log in this process, batch by batch, each in its own
// transaction with the checkpoint: an interrupted rebuild leaves a
// consistent read model that the next runner continues. It ends when it has
// passed the log's head as counted at the start (and the log is read to its
// end). A batch that fails stops the rebuild and marks the projector failed.
//
// The log is read and opened ahead by a feed of the replay's own, so that
// reading and opening the next batches overlap with applying this one.
func (r *runner) replay(ctx context.Context, size *logSize, progress func(uint64, uint64)) error {
	return r.replayFrom(ctx, eventstore.Start, 0, size, progress)
}

// replayFrom is replay from a checkpoint at from, done events in.
func (r *runner) replayFrom(ctx context.Context, from eventstore.Position, done uint64, size *logSize, progress func(uint64, uint64)) error {
	ahead := newFeed(r.cfg, 1)
	m, err := ahead.join(from, func(t string) bool { return handles(r.p, t) })
	if err != nil {
		return err
	}
	defer m.leave()
	for {
		total, head, counted, err := size.get()
		if err != nil {
			return err
		}
		progress(clamp(done, total, counted), total)
		if counted && from.AtLeast(head) {
			r.log.Info("rebuild finished", "projector", r.name, "events", done, "at", from.String())
			if err := setStatus(ctx, r.cfg.Pool, r.name, StatusRunning, ""); err != nil {
				return err
			}
			if c, ok := r.p.(Compactor); ok && done >= uint64(r.cfg.CompactAfter) {
				r.compactNow(ctx, c)
			}
			return nil
		}
		envs, opened, err := m.nextUntil(ctx, r.cfg.BatchSize, r.cfg.PollInterval)
		if err != nil {
			return err
		}
		if len(envs) > 0 {
			b := batch{From: from, Last: envs[len(envs)-1].Position, Envelopes: envs, Opened: opened}
			if err := r.replayBatch(ctx, b); err != nil {
				return err
			}
			from, done = b.Last, done+uint64(len(envs))
		}
	}
}

func (r *runner) replayBatch(ctx context.Context, b batch) error {
	result, err := r.apply(ctx, b)
	if err == nil && result != applied {
		err = errRestart // nobody else may move the checkpoint while we hold the lock
	}
	if err != nil {
		r.replayFailed(err)
		return scrubbed{err}
	}
	return nil
}

func (r *runner) replayFailed(err error) {
	reason := safeError(err)
	r.log.Error("rebuild stopped: a batch failed", "projector", r.name, "error", reason)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_ = setStatus(ctx, r.cfg.Pool, r.name, StatusFailed, reason)
}
