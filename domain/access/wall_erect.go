package access

import (
	"fmt"
	"slices"

	"github.com/klient-crm/klient/domain"
)

// MaxWallMembers is how many staff members and teams together one wall may
// name; a wall wider than that is better drawn the other way, by teams.
const MaxWallMembers = 200

// Erect decides to put a wall under id between the listed staff members
// and teams and the target. Erecting the same wall again under the same ID
// decides nothing (a retry); other terms under that ID are a conflict.
func (w *Wall) Erect(id string, target Target, users, teams []string, reason string) ([]domain.Event, error) {
	e, err := newWall(id, target, users, teams, reason)
	if err != nil {
		return nil, err
	}
	if !w.Exists() {
		return []domain.Event{e}, nil
	}
	if !sameWall(w.erected, e) {
		return nil, domain.Conflict("another wall is already erected under this ID").WithCode("wall.id.taken")
	}
	return nil, nil
}

func newWall(id string, target Target, users, teams []string, reason string) (WallErected, error) {
	var idErr, membersErr error
	switch {
	case id == "":
		idErr = domain.Invalid("wall_id", "a wall needs an ID").WithCode("wall.id.required")
	case !domain.ValidID(id):
		idErr = domain.Invalid("wall_id", "this is not a wall ID").WithCode("wall.id.format")
	}
	u, usersErr := normaliseUsers(users)
	t, teamsErr := NormaliseTeams("teams", teams)
	switch {
	case len(users)+len(teams) == 0:
		membersErr = domain.Invalid("users", "name at least one staff member or team").WithCode("wall.members.required")
	case len(users)+len(teams) > MaxWallMembers:
		membersErr = domain.Invalid("users", "at most %d staff members and teams", MaxWallMembers).WithCode("wall.members.too_many")
		usersErr, teamsErr = nil, nil
	}
	r, reasonErr := cleanText("reason", reason, maxReasonLength)
	e := WallErected{WallID: id, Target: target, Users: u, Teams: t, ReasonSubject: WallReasonSubject(target), Reason: r}
	return e, domain.JoinProblems(idErr, checkTarget(target), membersErr, usersErr, teamsErr, reasonErr)
}

// checkTarget wants a known kind of record and an ID that can name one.
func checkTarget(t Target) error {
	if t.Kind != TargetContact && t.Kind != TargetMatter {
		return domain.Invalid("target.kind", "a wall stands before a contact or a matter").WithCode("wall.target.kind")
	}
	if !domain.ValidID(t.ID) {
		return domain.Invalid("target.id", "choose the contact or matter to wall off").WithCode("wall.target.id")
	}
	return nil
}

// normaliseUsers checks the staff IDs a wall names and returns them sorted.
func normaliseUsers(users []string) ([]string, error) {
	for i, u := range users {
		field := fmt.Sprintf("users[%d]", i)
		if !domain.ValidID(u) {
			return nil, domain.Invalid(field, "this is not a staff ID").WithCode("wall.user.format")
		}
		if slices.Contains(users[:i], u) {
			return nil, domain.Invalid(field, "this staff member is listed twice").WithCode("wall.user.duplicate")
		}
	}
	if len(users) == 0 {
		return nil, nil
	}
	return slices.Sorted(slices.Values(users)), nil
}

func sameWall(a, b WallErected) bool {
	return a.WallID == b.WallID && a.Target == b.Target && a.Why() == b.Why() &&
		slices.Equal(a.Users, b.Users) && slices.Equal(a.Teams, b.Teams)
}
