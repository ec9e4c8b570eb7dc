package staff

import (
	"context"
	"time"

	"github.com/klient-crm/klient/commands/journal"
	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/access"
)

// LiftWall ends an ethical wall. The wall stays in the history; a new one
// is erected should the conflict return.
type LiftWall struct {
	Actor           journal.Actor
	WallID          string
	ExpectedVersion uint64
}

// LiftWallHandler handles LiftWall.
type LiftWallHandler struct{ walls *Walls }

// NewLiftWallHandler returns the handler.
func NewLiftWallHandler(walls *Walls) (*LiftWallHandler, error) {
	if err := requireWalls("NewLiftWallHandler", walls); err != nil {
		return nil, err
	}
	return &LiftWallHandler{walls: walls}, nil
}

// Handle lifts the wall; a lifted wall stays as it is and the current
// WallResult is returned.
func (h *LiftWallHandler) Handle(ctx context.Context, cmd LiftWall) (WallResult, error) {
	if err := cmd.Actor.Check(); err != nil {
		return WallResult{}, err
	}
	id, err := journal.ExistingID(cmd.WallID, domain.NotFound("there is no such wall").WithCode("wall.not_found"))
	if err != nil {
		return WallResult{}, err
	}
	p, err := journal.ChangeOn(ctx, &h.walls.journal, cmd.Actor, wallStream(id), cmd.ExpectedVersion, h.walls.loader(id),
		func(w *access.Wall, _ time.Time) ([]domain.Event, error) { return w.Lift() })
	return wallResult(id, p, err)
}
