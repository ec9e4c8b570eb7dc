package access

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/klient-crm/klient/domain"
)

// MaxTeams is how many teams one staff member may belong to.
const MaxTeams = 20

// teamPattern is a team's name: lower-case letters, digits and hyphens
// ("tvist", "m-and-a-2"), so that it reads well in a URL and a log line.
var teamPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,39}$`)

// NormaliseRoles checks that roles holds at least one known role, none
// twice, and returns them in the order of Roles, so that the same set is
// always stored the same way.
func NormaliseRoles(roles []Role) ([]Role, error) {
	if len(roles) == 0 {
		return nil, domain.Invalid("roles", "choose at least one role").WithCode("staff.roles.required")
	}
	for i, r := range roles {
		field := fmt.Sprintf("roles[%d]", i)
		if !slices.Contains(Roles, r) {
			return nil, domain.Invalid(field, "there is no such role").WithCode("staff.roles.unknown")
		}
		if slices.Contains(roles[:i], r) {
			return nil, domain.Invalid(field, "this role is listed twice").WithCode("staff.roles.duplicate")
		}
	}
	out := slices.Clone(roles)
	slices.SortFunc(out, func(a, b Role) int { return slices.Index(Roles, a) - slices.Index(Roles, b) })
	return out, nil
}

// NormaliseTeams trims and lower-cases team names, checks them and returns
// them sorted (nil for none). field names the list in errors ("teams").
func NormaliseTeams(field string, teams []string) ([]string, error) {
	if len(teams) > MaxTeams {
		return nil, domain.Invalid(field, "at most %d teams", MaxTeams).WithCode("access.team.too_many")
	}
	var out []string
	for i, t := range teams {
		t = strings.ToLower(strings.TrimSpace(t))
		item := fmt.Sprintf("%s[%d]", field, i)
		if !teamPattern.MatchString(t) {
			return nil, domain.Invalid(item, "a team's name is lower-case letters, digits and hyphens").WithCode("access.team.format")
		}
		if slices.Contains(out, t) {
			return nil, domain.Invalid(item, "this team is listed twice").WithCode("access.team.duplicate")
		}
		out = append(out, t)
	}
	slices.Sort(out)
	return out, nil
}
