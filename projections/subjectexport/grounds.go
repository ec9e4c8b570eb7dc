package subjectexport

import (
	"slices"

	"github.com/klient-crm/klient/domain/matter"
)

// The grounds on which items are withheld, as codes: the package as built
// holds the code, and WriteJSON and WriteHTML put the ground in words
// (http/i18n, pkg.ground.<code>) beside what is missing.
const (
	// GroundPrivilege: what the firm knows for another client (advocate's
	// confidentiality; 5 kap. 1 § lag (2018:218), art. 23.1 i).
	GroundPrivilege = "privilege"
	// GroundOthers: other people's identities (art. 15.4).
	GroundOthers = "others"
	// GroundAML: the firm's assessments in a due-diligence record, which
	// may tell of a suspicion of money laundering it must not reveal.
	GroundAML = "aml"
	// GroundStaff: who at the firm looked; time, purpose and action are
	// given (C-579/21, Pankki S).
	GroundStaff = "staff"
)

// clientRoles are the roles in which the firm acts for the subject: what it
// holds in those matters is theirs to see.
var clientRoles = []matter.PartyRole{matter.RoleClient, matter.RoleCoClient}

// privileged reports whether a matter's details belong to another client:
// the subject is in it in no client role.
func privileged(roles []matter.PartyRole) bool {
	return !slices.ContainsFunc(roles, func(r matter.PartyRole) bool { return slices.Contains(clientRoles, r) })
}

func withheld(ground string, fields ...string) *Withholding {
	return &Withholding{Fields: fields, Ground: ground}
}
