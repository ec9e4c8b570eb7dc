package staff

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/klient-crm/klient/domain/access"
)

// DB is what the queries need: a *pgxpool.Pool, a *pgx.Conn or a pgx.Tx.
type DB interface {
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// Member is one staff account as the admin pages and sign-in see it.
type Member struct {
	ID        string
	Name      string // empty once erased
	Email     string // lower case; empty once erased
	Roles     []access.Role
	Teams     []string
	Active    bool // may sign in
	Erased    bool
	Version   uint64 // stream version: the expected version for a change
	CreatedAt time.Time
	UpdatedAt time.Time
}

// Viewer is the member as the wall policy sees them.
func (m Member) Viewer() access.Viewer { return access.Viewer{StaffID: m.ID, Teams: m.Teams} }

// Wall is one ethical wall.
type Wall struct {
	ID        string
	Target    access.Target
	Users     []string // staff IDs
	Teams     []string
	Reason    string
	Active    bool
	ErectedBy string // staff ID of who erected it
	ErectedAt time.Time
	LiftedAt  time.Time // zero while the wall stands
	Version   uint64    // stream version: the expected version for LiftWall
}

// View is the wall as the policy access.Walled reads it.
func (w Wall) View() access.WallView {
	return access.WallView{Target: w.Target, Users: w.Users, Teams: w.Teams, Active: w.Active}
}
