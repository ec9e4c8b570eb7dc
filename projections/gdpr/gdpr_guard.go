package gdpr

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// RestrictionGuard answers whether a subject's processing is restricted
// (art. 18), from the register's read model: the commands' RestrictionGuard
// port.
type RestrictionGuard struct{ db DB }

// NewRestrictionGuard returns the guard over db (a *pgxpool.Pool).
func NewRestrictionGuard(db DB) RestrictionGuard { return RestrictionGuard{db: db} }

// Restricted reports an active restriction; a subject with nothing
// recorded is not restricted.
func (g RestrictionGuard) Restricted(ctx context.Context, subjectID string) (bool, error) {
	var restricted bool
	err := g.db.QueryRow(ctx, `SELECT restricted FROM gdpr_subjects_v1 WHERE subject_id = $1`, subjectID).Scan(&restricted)
	if errors.Is(err, pgx.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("gdpr: restricted: %w", err)
	}
	return restricted, nil
}
