package matters

import (
	"context"
	"fmt"
	"slices"

	"github.com/jackc/pgx/v5"

	"github.com/klient-crm/klient/domain/matter"
	"github.com/klient-crm/klient/eventstore"
)

// Parties lists a matter's current parties, clients first, then by role
// and when they were added.
func Parties(ctx context.Context, db DB, matterID string) ([]Party, error) {
	return collect(ctx, db, "parties", `SELECT matter_id, party_id, contact_id, role, note, added_at
		FROM matters_v1_parties WHERE matter_id = $1
		ORDER BY array_position(ARRAY['client', 'co_client', 'counterparty', 'opposing_counsel', 'court', 'witness', 'other'], role),
			added_at, party_id`, matterID, func(r pgx.CollectableRow) (Party, error) {
		var p Party
		var role string
		err := r.Scan(&p.MatterID, &p.PartyID, &p.ContactID, &role, &p.Note, &p.AddedAt)
		p.Role = matter.PartyRole(role)
		return p, err
	})
}

// Notes lists the notes on a matter's file, oldest first.
func Notes(ctx context.Context, db DB, matterID string) ([]Note, error) {
	return collect(ctx, db, "notes", `SELECT note_id, text, author, added_at FROM matters_v1_notes
		WHERE matter_id = $1 ORDER BY added_at, note_id`, matterID, func(r pgx.CollectableRow) (Note, error) {
		var n Note
		err := r.Scan(&n.NoteID, &n.Text, &n.Author, &n.AddedAt)
		return n, err
	})
}

// ConflictChecks lists a matter's recorded checks, oldest first.
func ConflictChecks(ctx context.Context, db DB, matterID string) ([]ConflictCheck, error) {
	return collect(ctx, db, "conflict checks", `SELECT check_id, version, ran_at, commit, prepare, inputs, hits,
		decision, reason, decided_by FROM matters_v1_checks WHERE matter_id = $1 ORDER BY version`, matterID,
		func(r pgx.CollectableRow) (ConflictCheck, error) {
			var c ConflictCheck
			var version, commit, prepare int64
			var inputs, hits []byte
			var decision string
			if err := r.Scan(&c.CheckID, &version, &c.RanAt, &commit, &prepare, &inputs, &hits, &decision, &c.Reason, &c.DecidedBy); err != nil {
				return c, err
			}
			c.Version, c.Decision = uint64(version), matter.ConflictDecision(decision)
			c.Position = eventstore.Position{Commit: uint64(commit), Prepare: uint64(prepare)}
			var err error
			if c.Inputs, err = decodeJSON[[]matter.PartyProbe](inputs); err == nil {
				c.Hits, err = decodeJSON[[]matter.ConflictHit](hits)
			}
			return c, err
		})
}

// History lists every event of a matter, in stream order.
func History(ctx context.Context, db DB, matterID string) ([]Change, error) {
	return collect(ctx, db, "history", `SELECT version, commit, prepare, type, actor, occurred_at, summary
		FROM matters_v1_history WHERE matter_id = $1 ORDER BY version`, matterID,
		func(r pgx.CollectableRow) (Change, error) {
			var c Change
			var version, commit, prepare int64
			var summary []byte
			if err := r.Scan(&version, &commit, &prepare, &c.Type, &c.Actor, &c.OccurredAt, &summary); err != nil {
				return c, err
			}
			c.Version, c.Position = uint64(version), eventstore.Position{Commit: uint64(commit), Prepare: uint64(prepare)}
			var err error
			c.Summary, err = decodeJSON[map[string]any](summary)
			return c, err
		})
}

// collect runs a query of one matter's rows.
func collect[T any](ctx context.Context, db DB, what, sql, matterID string, scan pgx.RowToFunc[T]) ([]T, error) {
	rows, err := db.Query(ctx, sql, matterID)
	if err != nil {
		return nil, fmt.Errorf("matters: %s: %w", what, err)
	}
	out, err := pgx.CollectRows(rows, scan)
	if err != nil {
		return nil, fmt.Errorf("matters: %s: %w", what, err)
	}
	return out, nil
}

// DirectGrants maps each staff member granted a matter directly (outside
// its team) to those matters' IDs, in the matters' order of number; an
// erased matter grants nothing. The DPO's access review records them.
func DirectGrants(ctx context.Context, db DB) (map[string][]string, error) {
	rows, err := db.Query(ctx, `SELECT g, array_agg(m.id ORDER BY m.number, m.id)
		FROM matters_v1 m, unnest(m.grants) g WHERE NOT m.erased GROUP BY g`)
	if err != nil {
		return nil, fmt.Errorf("matters: direct grants: %w", err)
	}
	out := map[string][]string{}
	var staffID string
	var ids []string
	_, err = pgx.ForEachRow(rows, []any{&staffID, &ids}, func() error {
		out[staffID] = slices.Clone(ids) // the scan may reuse its slice
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("matters: direct grants: %w", err)
	}
	return out, nil
}
