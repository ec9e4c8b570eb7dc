package subjectexport

import (
	"slices"

	"github.com/klient-crm/klient/domain/matter"
)

// The grounds on which items are withheld, in the firm's words (Swedish):
// the subject reads them beside what is missing.
const (
	// GroundPrivilege: what the firm knows for another client.
	GroundPrivilege = "Advokatens tystnadsplikt till skydd för byråns klient (rättegångsbalken 8 kap. 4 § och " +
		"god advokatsed); rätten till tillgång gäller inte sådana uppgifter (5 kap. 1 § lagen (2018:218) med " +
		"kompletterande bestämmelser till EU:s dataskyddsförordning, art. 23.1 i)"
	// GroundOthers: other people's identities.
	GroundOthers = "Uppgifter om andra personer lämnas inte ut: kopian får inte inkräkta på andras rättigheter " +
		"(dataskyddsförordningen art. 15.4)"
	// GroundAML: the firm's assessments in a due-diligence record, which
	// may tell of a suspicion of money laundering it must not reveal.
	GroundAML = "Byråns bedömningar i kundkännedomen (riskbedömningens skäl, träffarna i sanktionslistan och deras " +
		"granskning, beslutets skäl) lämnas inte ut: de kan röja en granskning som byrån enligt förbudet mot att röja " +
		"(4 kap. 9 § lagen (2017:630) om åtgärder mot penningtvätt och finansiering av terrorism) inte får avslöja " +
		"(dataskyddsförordningen art. 23.1 d)"
	// GroundStaff: who at the firm looked; time, purpose and action are given.
	GroundStaff = "Medarbetare som behandlar uppgifterna för byråns räkning är inte mottagare; deras identitet " +
		"lämnas inte ut (EU-domstolens dom i mål C-579/21, Pankki S)"
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
