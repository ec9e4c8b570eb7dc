package conflicts

import (
	"context"
	"errors"
	"fmt"

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

// Checker is the index as the commands use it: it implements their
// ConflictChecker and PartyDirectory ports.
type Checker struct{ pool Pool }

// NewChecker returns the checker over the read-model database.
func NewChecker(pool Pool) (*Checker, error) {
	if pool == nil {
		return nil, errors.New("conflicts.NewChecker: a pool is required")
	}
	return &Checker{pool: pool}, nil
}

// CheckConflicts runs Check in one snapshot of the read-model database,
// together with the projector's checkpoint: the position returned is the
// last event whose effects the hits reflect, since the runtime commits the
// checkpoint with the rows. An index that is being rebuilt, or was never
// built, is refused: its silence would prove nothing.
func (c *Checker) CheckConflicts(ctx context.Context, probes []matter.PartyProbe, excludeMatter string) ([]matter.ConflictHit, eventstore.Position, error) {
	var hits []matter.ConflictHit
	var pos eventstore.Position
	opts := pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly}
	err := pgx.BeginTxFunc(ctx, c.pool, opts, func(tx pgx.Tx) error {
		var err error
		if pos, err = checkpoint(ctx, tx); err != nil {
			return err
		}
		hits, err = Check(ctx, tx, Input{Parties: probes, ExcludeMatter: excludeMatter})
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
