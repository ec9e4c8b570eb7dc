package access

import "slices"

// Viewer is the staff member whose access is in question, with the teams
// they belong to.
type Viewer struct {
	StaffID string
	Teams   []string
}

// WallView is what the policy needs of a wall: the read model or the
// aggregate (Wall.View) provides it.
type WallView struct {
	Target Target
	Users  []string // staff IDs
	Teams  []string
	Active bool
}

// Excludes reports whether the wall keeps viewer out: it is active and
// names the viewer or one of their teams.
func (w WallView) Excludes(viewer Viewer) bool {
	if !w.Active {
		return false
	}
	if viewer.StaffID != "" && slices.Contains(w.Users, viewer.StaffID) {
		return true
	}
	for _, t := range viewer.Teams {
		if slices.Contains(w.Teams, t) {
			return true
		}
	}
	return false
}

// Walled reports whether any of walls keeps viewer away from target. A
// wall overrides every role: an admin or the DPO behind a wall is walled
// off like anyone else, which is the point of an ethical wall (the firm
// must be able to show that nobody on the conflicted side could look).
func Walled(viewer Viewer, target Target, walls []WallView) bool {
	for _, w := range walls {
		if w.Target == target && w.Excludes(viewer) {
			return true
		}
	}
	return false
}

// WalledIDs splits what walls keep a viewer from (the staff read model's
// walled targets) into matter IDs and contact IDs, never nil: the two
// lists a query leaves out.
func WalledIDs(targets []Target) (matters, contacts []string) {
	matters, contacts = []string{}, []string{}
	for _, t := range targets {
		switch t.Kind {
		case TargetMatter:
			matters = append(matters, t.ID)
		case TargetContact:
			contacts = append(contacts, t.ID)
		}
	}
	return matters, contacts
}
