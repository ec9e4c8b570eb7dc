package work

import "github.com/klient-crm/klient/domain/access"

// Assignee is who a task is for: one staff member or one team, never both.
type Assignee struct {
	Staff string `json:"staff,omitempty"` // staff ID
	Team  string `json:"team,omitempty"`  // team name, as in access
}

// StaffAssignee and TeamAssignee build an Assignee.
func StaffAssignee(staffID string) Assignee { return Assignee{Staff: staffID} }
func TeamAssignee(team string) Assignee     { return Assignee{Team: team} }

// IsTeam reports a task for a team rather than a person.
func (a Assignee) IsTeam() bool { return a.Team != "" }

// NormaliseAssignee checks that a names exactly one well-formed staff ID or
// team, and writes a team the way access stores it. Whether that member or
// team exists is for the caller to check (it needs the staff read model).
func NormaliseAssignee(field string, a Assignee) (Assignee, error) {
	switch {
	case a.Staff == "" && a.Team == "":
		return Assignee{}, invalid(field, "work.assignee.required", "choose a staff member or a team")
	case a.Staff != "" && a.Team != "":
		return Assignee{}, invalid(field, "work.assignee.both", "choose a staff member or a team, not both")
	case a.Staff != "":
		if !ValidID(a.Staff) {
			return Assignee{}, invalid(field+".staff", "work.assignee.format", "this is not a staff ID")
		}
		return a, nil
	}
	teams, err := access.NormaliseTeams(field+".team", []string{a.Team})
	if err != nil {
		return Assignee{}, err
	}
	return Assignee{Team: teams[0]}, nil
}
