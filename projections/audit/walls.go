package audit

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/access"
)

// WallStreams lists the stream of every ethical wall ever erected, oldest
// first, lifted or not: the walls that stood at some moment are among
// them, and a replay of each up to that moment says which. The type index
// serves it.
func WallStreams(ctx context.Context, db Querier) ([]string, error) {
	rows, err := db.Query(ctx, `SELECT stream FROM audit_trail_v1 WHERE type = $1
		ORDER BY occurred_at, commit, prepare`, access.TypeWallErected)
	if err != nil {
		return nil, domain.Internal(fmt.Errorf("audit: wall streams: %w", err))
	}
	out, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, domain.Internal(fmt.Errorf("audit: wall streams: %w", err))
	}
	return out, nil
}
