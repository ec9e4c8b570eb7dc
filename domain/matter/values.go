package matter

import (
	"slices"

	"github.com/klient-crm/klient/domain"
)

// Status is where a matter is in its life (see the package doc).
type Status string

// The statuses, in the order a matter passes them.
const (
	StatusIntake   Status = "intake"
	StatusOpen     Status = "open"
	StatusClosed   Status = "closed"
	StatusArchived Status = "archived"
)

// Statuses lists every status, in order.
var Statuses = []Status{StatusIntake, StatusOpen, StatusClosed, StatusArchived}

// PartyRole is the part a contact plays in a matter.
type PartyRole string

// The roles.
const (
	RoleClient          PartyRole = "client"
	RoleCoClient        PartyRole = "co_client"
	RoleCounterparty    PartyRole = "counterparty"
	RoleOpposingCounsel PartyRole = "opposing_counsel"
	RoleCourt           PartyRole = "court"
	RoleWitness         PartyRole = "witness"
	RoleOther           PartyRole = "other"
)

// Roles lists every role, in the order the UI shows them.
var Roles = []PartyRole{RoleClient, RoleCoClient, RoleCounterparty, RoleOpposingCounsel, RoleCourt, RoleWitness, RoleOther}

func checkRole(field string, r PartyRole) error {
	if !slices.Contains(Roles, r) {
		return domain.Invalid(field, "there is no such role").WithCode("matter.party.role")
	}
	return nil
}

// Decisions lists every conflict decision.
var Decisions = []ConflictDecision{DecisionClear, DecisionWaived, DecisionDeclined}

// Party is one contact's part in a matter.
type Party struct {
	ID        string
	ContactID string
	Role      PartyRole
	Note      string // empty once the contact is erased
}
