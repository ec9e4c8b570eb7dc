package access

import (
	"fmt"
	"slices"
)

// Role is a staff member's job in Klient. A member may hold several.
type Role string

// The roles of a law firm's staff.
const (
	RoleAdmin     Role = "admin"     // accounts, teams, tokens, walls
	RoleLawyer    Role = "lawyer"    // contacts and matters, need-to-know
	RoleAssistant Role = "assistant" // contacts and matters, no archiving or erasure
	RoleMarketing Role = "marketing" // campaigns over consenting contacts
	RoleAuditor   Role = "auditor"   // read-only history and logs
	RoleAnalyst   Role = "analyst"   // reports only
	RoleDPO       Role = "dpo"       // data-protection officer: GDPR registers and requests
)

// Roles lists every role, in the order the UI shows them.
var Roles = []Role{RoleAdmin, RoleLawyer, RoleAssistant, RoleMarketing, RoleAuditor, RoleAnalyst, RoleDPO}

// ParseRole accepts a role's name.
func ParseRole(s string) (Role, error) {
	if r := Role(s); slices.Contains(Roles, r) {
		return r, nil
	}
	return "", fmt.Errorf("unknown role %q", s)
}
