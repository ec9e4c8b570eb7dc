package postgres

import (
	"context"
	"crypto/sha256"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/klient-crm/klient/eventstore"
)

// planWalk sets up a walker for opts: where it starts, which checkpoints it
// meets on the way, and (after a checkpoint) each stream's link into the
// part of the log it skips.
func planWalk(ctx context.Context, tx pgx.Tx, opts VerifyOptions) (*walker, error) {
	w := &walker{
		opts: opts, hasher: eventstore.NewChainHasher(), digestHash: sha256.New(),
		streams: map[string]*streamLink{}, names: map[string]string{}, pending: map[string]map[uint64]*walkRow{},
	}
	if opts.Stream == "" && !opts.Since.IsZero() {
		if err := w.anchorAt(ctx, tx); err != nil || w.broken != nil {
			return w, err
		}
	}
	cps, err := queryCheckpoints(ctx, tx, `SELECT `+checkpointColumns+` FROM audit_checkpoints
		WHERE (xid, seq) > ($1, $2) ORDER BY xid, seq`, int64(w.anchor.Position.Commit), int64(w.anchor.Position.Prepare))
	w.checkpoints = cps
	return w, err
}

// anchorAt starts the walk at the newest checkpoint created by Since, once
// its signature holds, and seeds the streams that continue after it.
func (w *walker) anchorAt(ctx context.Context, tx pgx.Tx) error {
	cp, err := checkpointBefore(ctx, tx, w.opts.Since)
	if err != nil || cp.ID == 0 {
		return err
	}
	if w.opts.PublicKey != nil && !cp.VerifySignature(w.opts.PublicKey) {
		w.breakAtCheckpoint(cp, "the signature does not verify with this public key")
		return nil
	}
	w.anchor, w.digest, w.events = cp, cp.Digest, cp.Events
	return w.seedStreams(ctx, tx)
}

// seedSQL finds, for each stream with events after the anchor, its lowest
// version there and the stored hash of the version before it.
const seedSQL = `SELECT w.stream, w.first, p.hash, p.stream IS NOT NULL
FROM (SELECT stream, min(version) AS first FROM events WHERE (xid, seq) > ($1, $2) GROUP BY stream) w
LEFT JOIN events p ON p.stream = w.stream AND p.version = w.first - 1`

func (w *walker) seedStreams(ctx context.Context, tx pgx.Tx) error {
	rows, err := tx.Query(ctx, seedSQL, int64(w.anchor.Position.Commit), int64(w.anchor.Position.Prepare))
	if err != nil {
		return err
	}
	var (
		stream     string
		first      int64
		prev       []byte
		prevExists bool
	)
	_, err = pgx.ForEachRow(rows, []any{&stream, &first, &prev, &prevExists}, func() error {
		w.streams[stream] = &streamLink{next: uint64(first), hash: seedHash(first, prev), gap: first > 0 && !prevExists}
		return nil
	})
	return err
}

// seedHash is the hash a stream's first event in the window links to.
func seedHash(first int64, prev []byte) [HashSize]byte {
	if first == 0 {
		return [HashSize]byte{}
	}
	return storedHash(prev)
}

// count is how many events the walk will see, for progress.
func (w *walker) count(ctx context.Context, tx pgx.Tx) (uint64, error) {
	where, args := w.scope()
	var n int64
	if err := tx.QueryRow(ctx, `SELECT count(*) FROM events WHERE `+where, args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("count: %w", err)
	}
	return uint64(n), nil
}

// scope is the walk's WHERE clause: one stream, or everything after the
// anchor.
func (w *walker) scope() (string, []any) {
	if w.opts.Stream != "" {
		return `stream = $1`, []any{w.opts.Stream}
	}
	p := w.anchor.Position
	return `(xid, seq) > ($1, $2)`, []any{int64(p.Commit), int64(p.Prepare)}
}
