package staff

import (
	"context"
	"time"

	"github.com/klient-crm/klient/commands/journal"
	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/access"
)

// ErectWall keeps the listed staff members, and every member of the listed
// teams, away from one contact or matter, whatever their roles.
type ErectWall struct {
	Actor journal.Actor
	// WallID is optional: a client that chooses the UUID itself can safely
	// resend after a timeout.
	WallID string
	Target access.Target
	Users  []string // staff IDs
	Teams  []string
	Reason string // why, in one line; sealed with the key of the contact or matter walled off
}

// ErectWallHandler handles ErectWall.
type ErectWallHandler struct{ walls *Walls }

// NewErectWallHandler returns the handler.
func NewErectWallHandler(walls *Walls) (*ErectWallHandler, error) {
	if err := requireWalls("NewErectWallHandler", walls); err != nil {
		return nil, err
	}
	return &ErectWallHandler{walls: walls}, nil
}

// Handle erects the wall. IDs that are UUIDs are written in canonical form
// so that the wall names records and people exactly as their streams do.
// Neither the target nor the staff named are looked up: a wall may go up
// before the matter it guards is opened, and a wall naming nobody real
// keeps nobody out. Resent with the same WallID and terms, it returns the
// first result and writes nothing.
func (h *ErectWallHandler) Handle(ctx context.Context, cmd ErectWall) (WallResult, error) {
	if err := cmd.Actor.Check(); err != nil {
		return WallResult{}, err
	}
	id, err := journal.NewID(cmd.WallID, domain.Invalid("wall_id", "a wall ID is a UUID").WithCode("wall.id.format"))
	if err != nil {
		return WallResult{}, err
	}
	target := access.Target{Kind: cmd.Target.Kind, ID: journal.CanonicalID(cmd.Target.ID)}
	users := make([]string, len(cmd.Users))
	for i, u := range cmd.Users {
		users[i] = journal.CanonicalID(u)
	}
	p, err := journal.RegisterOn(ctx, &h.walls.journal, cmd.Actor, wallStream(id), h.walls.loader(id),
		func(w *access.Wall, _ time.Time) ([]domain.Event, error) {
			return w.Erect(id, target, users, cmd.Teams, cmd.Reason)
		})
	return wallResult(id, p, err)
}
