package matter

import (
	"fmt"
	"slices"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/access"
	"github.com/klient-crm/klient/domain/contact"
)

// MaxMembers is how many staff members one matter's team may name.
const MaxMembers = 100

// CheckPartyContact is asked of a contact before it becomes a party: it
// must exist and its data must not be erased. An archived contact may
// still be a party (a former client comes back). field names the input.
func CheckPartyContact(field string, c *contact.Contact) error {
	if !c.Exists() {
		return domain.Invalid(field, "there is no such contact").WithCode("matter.party.contact_not_found")
	}
	if c.Erased() {
		return domain.Invalid(field, "that contact's data has been erased").WithCode("matter.party.contact_erased")
	}
	if c.MergedInto() != "" {
		// One person is one party: the merge filed the merged contact's
		// roles under the survivor, and a new one belongs there too.
		return domain.Invalid(field, "that contact was merged into another; choose that one").WithCode("matter.party.contact_merged")
	}
	return nil
}

// CheckStaff is asked of a staff member before they join a matter's team,
// get access to it, or (responsible) answer for it: they must have an
// active account, and a responsible lawyer must hold the lawyer role.
func CheckStaff(field string, s *access.StaffMember, responsible bool) error {
	if !s.Active() || s.Erased() {
		return domain.Invalid(field, "there is no such active staff member").WithCode("matter.staff.not_found")
	}
	if responsible && !slices.Contains(s.Roles(), access.RoleLawyer) {
		return domain.Invalid(field, "the responsible lawyer must be a lawyer").WithCode("matter.staff.not_lawyer")
	}
	return nil
}

func checkStaffID(field, id string) (string, error) {
	if !domain.ValidID(id) {
		return "", domain.Invalid(field, "choose a staff member").WithCode("matter.staff.required")
	}
	return id, nil
}

// normaliseMembers checks staff IDs and returns them sorted (nil for none).
func normaliseMembers(field string, members []string) ([]string, error) {
	if len(members) > MaxMembers {
		return nil, domain.Invalid(field, "at most %d staff members", MaxMembers).WithCode("matter.team.too_many")
	}
	for i, s := range members {
		item := fmt.Sprintf("%s[%d]", field, i)
		if !domain.ValidID(s) {
			return nil, domain.Invalid(item, "this is not a staff ID").WithCode("matter.staff.required")
		}
		if slices.Contains(members[:i], s) {
			return nil, domain.Invalid(item, "this staff member is listed twice").WithCode("matter.team.duplicate")
		}
	}
	if len(members) == 0 {
		return nil, nil
	}
	return slices.Sorted(slices.Values(members)), nil
}
