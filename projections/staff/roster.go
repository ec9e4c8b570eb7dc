package staff

import (
	"context"
	"slices"

	"github.com/klient-crm/klient/domain"
)

// Roster answers the work commands' question (commands.StaffRoster):
// does the person or team a task is given to exist?
type Roster struct{ db DB }

// NewRoster returns the roster over the staff read model.
func NewRoster(db DB) Roster { return Roster{db: db} }

// ActiveStaff reports whether staffID is a registered member who may still
// sign in: work is not handed to a deactivated or erased account.
func (r Roster) ActiveStaff(ctx context.Context, staffID string) (bool, error) {
	m, err := Get(ctx, r.db, staffID)
	if domain.IsKind(err, domain.KindNotFound) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	return m.Active && !m.Erased, nil
}

// KnownTeam reports whether some member belongs to team.
func (r Roster) KnownTeam(ctx context.Context, team string) (bool, error) {
	teams, err := Teams(ctx, r.db)
	if err != nil {
		return false, err
	}
	return slices.Contains(teams, team), nil
}
