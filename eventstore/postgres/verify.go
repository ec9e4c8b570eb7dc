package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/klient-crm/klient/eventstore"
)

// The audit's types are the port's (eventstore/audit.go); the names stay
// here for this package's callers and tests.
type (
	VerifyOptions = eventstore.VerifyOptions
	VerifyReport  = eventstore.VerifyReport
	BrokenLink    = eventstore.BrokenLink
	Checkpoint    = eventstore.Checkpoint
	ChainLink     = eventstore.ChainLink
)

// HashSize is the length of an event's chain hash and of a checkpoint's
// digest.
const HashSize = eventstore.HashSize

var _ eventstore.Audited = (*Store)(nil)

// WithdrawPastEnd withdraws nothing: the log and its checkpoints are
// backed up and restored together, in one snapshot, so none lies past the
// restored log's end.
func (s *Store) WithdrawPastEnd(context.Context) ([]Checkpoint, error) { return nil, nil }

// Verify recomputes every hash in scope from the stored rows, follows each
// stream's chain (versions dense from 0, each linked to its predecessor)
// and checks each signed checkpoint: its signature, and that the running
// digest of the log up to its position still matches. It stops at the
// first broken link. All of it reads one snapshot.
func (s *Store) Verify(ctx context.Context, opts VerifyOptions) (VerifyReport, error) {
	var rep VerifyReport
	err := pgx.BeginTxFunc(ctx, s.pool, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly},
		func(tx pgx.Tx) error {
			var err error
			rep, err = verifyIn(ctx, tx, opts)
			return err
		})
	if err != nil {
		return rep, fmt.Errorf("eventstore/postgres: verify: %w", err)
	}
	return rep, nil
}

// verifyIn plans the walk, runs it, then checks what only the end can show.
func verifyIn(ctx context.Context, tx pgx.Tx, opts VerifyOptions) (VerifyReport, error) {
	w, err := planWalk(ctx, tx, opts)
	if err != nil || w.broken != nil {
		return w.report(), err
	}
	if err := w.walk(ctx, tx); err != nil || w.broken != nil {
		return w.report(), err
	}
	w.finish()
	if w.broken == nil {
		err = w.checkStreamHeads(ctx, tx)
	}
	return w.report(), err
}
