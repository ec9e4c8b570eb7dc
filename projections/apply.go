package projections

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// outcome is what became of a batch.
type outcome int

const (
	applied         outcome = iota // rows and checkpoint committed
	alreadyApplied                 // the checkpoint was already past it: nothing to do
	checkpointMoved                // the checkpoint is not where the batch starts: resubscribe
)

// asynchronousCommit lets a batch's commit return before its WAL reaches
// the disk. A read model is derived from the log: a crash can lose only the
// last batches, rows and checkpoint together (a transaction stays atomic),
// and the projector applies them again from the log. Waiting for the flush
// was a fifth of a catch-up's time.
const asynchronousCommit = `SET LOCAL synchronous_commit = off`

// apply decodes b, then applies it and advances the checkpoint in one
// transaction. The checkpoint row is locked first and must sit exactly where
// the batch starts; otherwise a rebuild or another runner moved it, and
// applying would double or skip events.
func (r *runner) apply(ctx context.Context, b batch) (outcome, error) {
	decoded, err := r.decode(ctx, b.Envelopes, b.Opened)
	if err != nil {
		return 0, err
	}
	result := applied
	err = pgx.BeginFunc(ctx, r.cfg.Pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, asynchronousCommit); err != nil {
			return err
		}
		if err := r.inSchema(ctx, tx); err != nil {
			return err
		}
		c, err := lockCheckpoint(ctx, tx, r.name)
		if err != nil {
			return err
		}
		if c.Position != b.From || c.Version != r.p.Version() {
			result = checkpointMoved
			if c.Version == r.p.Version() && c.Position.AtLeast(b.Last) {
				result = alreadyApplied
			}
			return nil
		}
		if len(decoded) > 0 {
			if err := r.p.Apply(ctx, tx, decoded); err != nil {
				return fmt.Errorf("projections: %s: apply batch after %s: %w", r.name, b.From, err)
			}
		}
		return advanceCheckpoint(ctx, tx, r.name, b.Last, len(b.Envelopes))
	})
	return result, err
}
