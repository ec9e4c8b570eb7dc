package postgres

import (
	"context"
	"crypto/ed25519"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/klient-crm/klient/eventstore"
)

// VerifyOptions choose what Verify walks.
type VerifyOptions struct {
	// PublicKey checks the checkpoints' signatures. Without it only the
	// hash chains are checked, and Verify says so in the report.
	PublicKey ed25519.PublicKey
	// Stream walks one stream's chain; checkpoint digests, which cover the
	// whole log, are then not checked (their signatures are).
	Stream string
	// Since starts from the newest checkpoint created at or before it
	// (its signature checked, its digest trusted) instead of the start of
	// the log. Each stream's first event after it links to the stored hash
	// of its predecessor.
	Since time.Time
	// Progress, when set, is told events done out of total.
	Progress func(done, total uint64)
}

// VerifyReport is what a verification found.
type VerifyReport struct {
	Events      uint64     // events whose hashes were recomputed
	Streams     int        // streams whose chains were followed
	Checkpoints int        // checkpoints checked (signature, and digest unless Stream)
	Anchor      Checkpoint // where the walk started (zero: the start of the log)
	Signatures  bool       // whether signatures were checked at all
	Broken      *BrokenLink
}

// BrokenLink is the first place where the log is not what was written.
type BrokenLink struct {
	Stream     string
	Version    uint64
	Position   eventstore.Position
	EventID    uuid.UUID
	Checkpoint int64 // the checkpoint that disagrees, if that is what broke
	Problem    string
}

func (b *BrokenLink) String() string {
	if b.Checkpoint != 0 {
		return fmt.Sprintf("checkpoint %d at position %s: %s", b.Checkpoint, b.Position, b.Problem)
	}
	return fmt.Sprintf("stream %s version %d (position %s, event %s): %s",
		b.Stream, b.Version, b.Position, b.EventID, b.Problem)
}

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
