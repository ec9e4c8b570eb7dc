package conflicts

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/matter"
	"github.com/klient-crm/klient/eventstore"
)

// Pool is what Checker needs: a *pgxpool.Pool.
type Pool interface {
	BeginTx(ctx context.Context, opts pgx.TxOptions) (pgx.Tx, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// Log is the event log the index follows (eventstore.Store's ReadAll).
type Log interface {
	ReadAll(ctx context.Context, after eventstore.Position, limit int) ([]eventstore.Envelope, error)
}

// Checker is the index as the commands use it: it implements their
// ConflictChecker and PartyDirectory ports.
type Checker struct {
	pool  Pool
	log   Log
	wait  time.Duration
	depth int
}

// CheckerOption configures a Checker.
type CheckerOption func(*Checker)

// FollowingLog makes every check answer only from an index that has
// applied the whole log: a check waits, up to wait, until nothing in log
// lies past the index's checkpoint, and is refused (retryably) when the
// index is still behind. Whatever the runner's status says — a rebuild
// killed half-way leaves a checkpoint far behind under status "running" —
// an index's silence about a party proves nothing until it has read the
// events that could have named them.
func FollowingLog(log Log, wait time.Duration) CheckerOption {
	return func(c *Checker) { c.log, c.wait = log, wait }
}

// FollowingLinks sets how many links between contacts each check follows
// (Input.Depth): 0 is DefaultDepth.
func FollowingLinks(depth int) CheckerOption {
	return func(c *Checker) { c.depth = depth }
}

// NewChecker returns the checker over the read-model database. Without
// FollowingLog it trusts the checkpoint's status alone (tests of the index
// itself); the product always passes the log.
func NewChecker(pool Pool, opts ...CheckerOption) (*Checker, error) {
	if pool == nil {
		return nil, errors.New("conflicts.NewChecker: a pool is required")
	}
	c := &Checker{pool: pool}
	for _, o := range opts {
		o(c)
	}
	if c.log != nil && c.wait <= 0 {
		return nil, errors.New("conflicts.NewChecker: FollowingLog needs a positive wait")
	}
	return c, nil
}

// errIndexBehind refuses a check the index cannot yet answer whole.
var errIndexBehind = domain.Conflict("the conflict index has not caught up with the latest changes; try again in a moment").
	WithCode("matter.conflict.index_behind")

// CheckConflicts runs Check in one snapshot of the read-model database,
// together with the projector's checkpoint: the position returned is the
// last event whose effects the hits reflect, since the runtime commits the
// checkpoint with the rows. An index that is being rebuilt, or was never
// built, is refused: its silence would prove nothing; so is one behind the
// log (FollowingLog), once it has had its wait to catch up.
func (c *Checker) CheckConflicts(ctx context.Context, probes []matter.PartyProbe, excludeMatter string) ([]matter.ConflictHit, eventstore.Position, error) {
	deadline := time.Now().Add(c.wait)
	for {
		hits, pos, err := c.checkOnce(ctx, probes, excludeMatter)
		if err != nil || c.log == nil {
			return hits, pos, err
		}
		// Read after the snapshot: nothing past pos now means nothing was
		// past it when the snapshot was taken.
		after, err := c.log.ReadAll(ctx, pos, 1)
		if err != nil {
			return nil, eventstore.Position{}, fmt.Errorf("conflicts: read the log: %w", err)
		}
		if len(after) == 0 {
			return hits, pos, nil
		}
		if time.Now().After(deadline) {
			return nil, eventstore.Position{}, errIndexBehind
		}
		select {
		case <-ctx.Done():
			return nil, eventstore.Position{}, ctx.Err()
		case <-time.After(25 * time.Millisecond):
		}
	}
}

func (c *Checker) checkOnce(ctx context.Context, probes []matter.PartyProbe, excludeMatter string) ([]matter.ConflictHit, eventstore.Position, error) {
	var hits []matter.ConflictHit
	var pos eventstore.Position
	opts := pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly}
	err := pgx.BeginTxFunc(ctx, c.pool, opts, func(tx pgx.Tx) error {
		var err error
		if pos, err = checkpoint(ctx, tx); err != nil {
			return err
		}
		hits, err = Check(ctx, tx, Input{Parties: probes, ExcludeMatter: excludeMatter, Depth: c.depth})
		return err
	})
	return hits, pos, err
}

// checkpoint reads where the projector stands. The table is the projector
// runtime's; it commits each batch's rows and checkpoint together.
func checkpoint(ctx context.Context, tx pgx.Tx) (eventstore.Position, error) {
	var commit, prepare int64
	var status string
	err := tx.QueryRow(ctx, `SELECT commit, prepare, status FROM projector_checkpoints
		WHERE name = $1 AND version = $2`, Name, version).Scan(&commit, &prepare, &status)
	if errors.Is(err, pgx.ErrNoRows) || status == "rebuilding" {
		return eventstore.Position{}, domain.Conflict("the conflict index is being built; try again in a while").WithCode("matter.conflict.index_not_ready")
	}
	if err != nil {
		return eventstore.Position{}, fmt.Errorf("conflicts: read checkpoint: %w", err)
	}
	return eventstore.Position{Commit: uint64(commit), Prepare: uint64(prepare)}, nil
}

const probeSQL = `SELECT
	coalesce(array_agg(t.written ORDER BY t.current DESC, t.written) FILTER (WHERE t.kind = 'name'), '{}'),
	coalesce(array_agg(t.written ORDER BY t.current DESC, t.written) FILTER (WHERE t.kind = 'number'), '{}'),
	coalesce(array_agg(t.written ORDER BY t.current DESC, t.written) FILTER (WHERE t.kind = 'email'), '{}')
FROM conflict_index_v1_contacts c LEFT JOIN conflict_index_v1 t USING (contact_id)
WHERE c.contact_id = $1 GROUP BY c.contact_id`

// PartyProbe returns what identifies a contact, as its details wrote it:
// every name (current first), identity number and e-mail address it has
// had. An erased contact is found with none. found is false for a contact
// the index has not seen (yet).
func (c *Checker) PartyProbe(ctx context.Context, contactID string) (matter.PartyProbe, bool, error) {
	p := matter.PartyProbe{ContactID: contactID}
	err := c.pool.QueryRow(ctx, probeSQL, contactID).Scan(&p.Names, &p.Numbers, &p.Emails)
	if errors.Is(err, pgx.ErrNoRows) {
		return matter.PartyProbe{}, false, nil
	}
	if err != nil {
		return matter.PartyProbe{}, false, fmt.Errorf("conflicts: party probe: %w", err)
	}
	return p, true, nil
}
