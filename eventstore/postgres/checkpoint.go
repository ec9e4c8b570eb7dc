package postgres

import (
	"context"
	"crypto"
	"crypto/sha256"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/klient-crm/klient/eventstore"
)

// checkpointLock serialises checkpoint writers across instances.
const checkpointLock = 0x6b6c61756474 // "klaudt"

// WriteCheckpoint signs a checkpoint over every event below the read
// horizon (nothing can later commit before it) that the last checkpoint
// does not cover. It returns the last checkpoint and false when no event
// arrived since; the zero Checkpoint and false on an empty log.
func (s *Store) WriteCheckpoint(ctx context.Context, signer crypto.Signer) (Checkpoint, bool, error) {
	var cp Checkpoint
	var wrote bool
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, checkpointLock); err != nil {
			return err
		}
		var err error
		cp, wrote, err = extendCheckpoint(ctx, tx, signer)
		return err
	})
	if err != nil {
		return Checkpoint{}, false, fmt.Errorf("eventstore/postgres: checkpoint: %w", err)
	}
	return cp, wrote, nil
}

// extendCheckpoint folds the events after the last checkpoint into its
// digest and stores the signed result.
func extendCheckpoint(ctx context.Context, tx pgx.Tx, signer crypto.Signer) (Checkpoint, bool, error) {
	last, err := lastCheckpoint(ctx, tx)
	if err != nil {
		return Checkpoint{}, false, err
	}
	next, err := foldAfter(ctx, tx, last)
	if err != nil || next.Events == last.Events {
		return last, false, err
	}
	next.CreatedAt = eventstore.CheckpointTime(time.Now())
	if err := next.Sign(signer); err != nil {
		return Checkpoint{}, false, err
	}
	err = tx.QueryRow(ctx, `INSERT INTO audit_checkpoints (xid, seq, event_count, digest, created_at, key_id, signature)
		VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
		int64(next.Position.Commit), int64(next.Position.Prepare), int64(next.Events), next.Digest[:],
		next.CreatedAt, next.KeyID, next.Signature).Scan(&next.ID)
	return next, err == nil, err
}

const foldAfterSQL = `SELECT xid, seq, hash FROM events
WHERE (xid, seq) > ($1, $2) AND xid < ` + horizon + ` ORDER BY xid, seq`

// foldAfter continues from's digest over the stored hashes of the events
// after it, below the horizon.
func foldAfter(ctx context.Context, tx pgx.Tx, from Checkpoint) (Checkpoint, error) {
	fromXid, fromSeq := positionArgs(from.Position)
	rows, err := tx.Query(ctx, foldAfterSQL, fromXid, fromSeq)
	if err != nil {
		return from, err
	}
	defer rows.Close()
	next, h := from, sha256.New()
	var xid, seq int64
	var stored []byte
	_, err = pgx.ForEachRow(rows, []any{&xid, &seq, &stored}, func() error {
		next.Digest = eventstore.FoldDigest(h, next.Digest, storedHash(stored))
		next.Events++
		next.Position = position(xid, seq)
		return nil
	})
	return next, err
}

// storedHash is a hash column as an array; a missing or malformed hash
// folds as zeros (verification reports it against the event itself).
func storedHash(b []byte) [HashSize]byte {
	var h [HashSize]byte
	if len(b) == HashSize {
		copy(h[:], b)
	}
	return h
}
