package staff

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/klient-crm/klient/domain/access"
)

const wallColumns = `id, target_kind, target_id, users, teams, reason, active, erected_by, erected_at,
	lifted_at, version`

const walledTargetsSQL = `SELECT DISTINCT target_kind, target_id FROM walls_v1
	WHERE active AND (users @> ARRAY[$1::text] OR teams && $2::text[])
	ORDER BY target_kind, target_id`

// ActiveWalls lists the walls that stand, oldest first.
func ActiveWalls(ctx context.Context, db DB) ([]Wall, error) {
	rows, err := db.Query(ctx, "SELECT "+wallColumns+" FROM walls_v1 WHERE active ORDER BY erected_at, id")
	if err != nil {
		return nil, fmt.Errorf("staff: active walls: %w", err)
	}
	out, err := pgx.CollectRows(rows, scanWall)
	if err != nil {
		return nil, fmt.Errorf("staff: active walls: %w", err)
	}
	return out, nil
}

// WalledTargets lists every record an active wall keeps viewer away from,
// by their ID or any of their teams, sorted by kind and ID. A list page
// leaves these out; a record page refuses them, whatever the viewer's
// roles. One query, served by the partial GIN indexes on users and teams.
func WalledTargets(ctx context.Context, db DB, viewer access.Viewer) ([]access.Target, error) {
	rows, err := db.Query(ctx, walledTargetsSQL, viewer.StaffID, list(viewer.Teams))
	if err != nil {
		return nil, fmt.Errorf("staff: walled targets: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (access.Target, error) {
		var t access.Target
		err := r.Scan(&t.Kind, &t.ID)
		return t, err
	})
	if err != nil {
		return nil, fmt.Errorf("staff: walled targets: %w", err)
	}
	return out, nil
}

func scanWall(row pgx.CollectableRow) (Wall, error) {
	var w Wall
	var lifted *time.Time
	var version int64
	err := row.Scan(&w.ID, &w.Target.Kind, &w.Target.ID, &w.Users, &w.Teams, &w.Reason, &w.Active,
		&w.ErectedBy, &w.ErectedAt, &lifted, &version)
	if lifted != nil {
		w.LiftedAt = *lifted
	}
	w.Version = uint64(version)
	return w, err
}
