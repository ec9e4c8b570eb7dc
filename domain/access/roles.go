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
	// RoleAMLOfficer is the firm's AML officer (centralt funktionsansvarig,
	// lag (2017:630) 6 kap. 2 §): the general risk assessment, the
	// sanctions lists, and the due-diligence decisions a high risk, a PEP
	// or an escalation needs.
	RoleAMLOfficer Role = "aml_officer"
)

// Roles lists every role, in the order the UI shows them.
var Roles = []Role{RoleAdmin, RoleLawyer, RoleAssistant, RoleMarketing, RoleAuditor, RoleAnalyst, RoleDPO, RoleAMLOfficer}

// ParseRole accepts a role's name.
func ParseRole(s string) (Role, error) {
	if r := Role(s); slices.Contains(Roles, r) {
		return r, nil
	}
	return "", fmt.Errorf("unknown role %q", s)
}
