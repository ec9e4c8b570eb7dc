package matter

import (
	"fmt"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/access"
)

// MaxParties is how many parties one matter may have.
const MaxParties = 100

// Opening is what a new matter is taken in with.
type Opening struct {
	Title             string
	Description       string
	PracticeArea      string
	ResponsibleLawyer string     // staff ID
	Parties           []NewParty // at least one client
	Members           []string   // staff IDs of the team, optional
	Teams             []string   // whole teams, optional
}

// NewParty is a party to add: PartyID is chosen by the caller.
type NewParty struct {
	PartyID   string
	ContactID string
	Role      PartyRole
	Note      string
}

// NormaliseOpening checks o against every rule and returns it in the form
// Open records (trimmed, the practice area as configured, team sorted).
// The error joins every problem found, each with a Field path such as
// "parties[1].role". Callers check it before reserving a number, so that a
// refused opening uses none up.
func NormaliseOpening(o Opening, areas PracticeAreas) (Opening, error) {
	var c Opening
	var errs [8]error
	c.Title, errs[0] = cleanLine("title", o.Title, maxTitleLength, true)
	c.Description, errs[1] = cleanBlock("description", o.Description, maxDescriptionLength, false)
	c.PracticeArea, errs[2] = areas.normalise(o.PracticeArea)
	c.ResponsibleLawyer, errs[3] = checkStaffID("responsible_lawyer", o.ResponsibleLawyer)
	c.Parties, errs[4] = normaliseParties(o.Parties)
	c.Members, errs[5] = normaliseMembers("members", o.Members)
	c.Teams, errs[6] = access.NormaliseTeams("teams", o.Teams)
	return c, domain.JoinProblems(errs[:]...)
}

func normaliseParties(parties []NewParty) ([]NewParty, error) {
	if len(parties) > MaxParties {
		return nil, domain.Invalid("parties", "at most %d parties", MaxParties).WithCode("matter.party.too_many")
	}
	var out []NewParty
	var errs []error
	clients := 0
	for i, p := range parties {
		c, err := normaliseParty(fmt.Sprintf("parties[%d]", i), p)
		errs = append(errs, err)
		if err == nil && containsContact(out, c.ContactID) {
			errs = append(errs, domain.Invalid(fmt.Sprintf("parties[%d].contact_id", i), "this contact is listed twice").WithCode("matter.party.duplicate"))
		}
		if c.Role == RoleClient {
			clients++
		}
		out = append(out, c)
	}
	if clients == 0 {
		errs = append(errs, domain.Invalid("parties", "a matter needs at least one client").WithCode("matter.party.client_required"))
	}
	return out, domain.JoinProblems(errs...)
}

func normaliseParty(field string, p NewParty) (NewParty, error) {
	var errs [4]error
	if !domain.ValidID(p.PartyID) {
		errs[0] = domain.Invalid(field+".party_id", "this is not a party ID").WithCode("matter.party.id")
	}
	if !domain.ValidID(p.ContactID) {
		errs[1] = domain.Invalid(field+".contact_id", "choose a contact").WithCode("matter.party.contact_required")
	}
	errs[2] = checkRole(field+".role", p.Role)
	note, noteErr := cleanBlock(field+".note", p.Note, maxPartyNoteLength, false)
	errs[3] = noteErr
	return NewParty{PartyID: p.PartyID, ContactID: p.ContactID, Role: p.Role, Note: note}, domain.JoinProblems(errs[:]...)
}

func containsContact(parties []NewParty, contactID string) bool {
	for _, p := range parties {
		if p.ContactID == contactID {
			return true
		}
	}
	return false
}
