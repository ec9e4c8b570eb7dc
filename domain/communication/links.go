package communication

import (
	"slices"
	"time"

	"github.com/klient-crm/klient/domain"
)

// MaxLinkedContacts bounds the contacts one entry is filed under.
const MaxLinkedContacts = 20

// Links are what an entry is filed under: a matter, contacts, or both.
// They are fixed when the entry is logged.
type Links struct {
	MatterID   string
	ContactIDs []string
}

// NormaliseLinks checks that l names at least one matter or contact, and
// drops repeated contacts (the first stays first: its key may seal).
func NormaliseLinks(l Links) (Links, error) {
	if l.MatterID == "" && len(l.ContactIDs) == 0 {
		return Links{}, domain.Invalid("links", "file the entry under a matter or a contact").WithCode("communication.links.required")
	}
	if l.MatterID != "" && !domain.ValidID(l.MatterID) {
		return Links{}, domain.Invalid("matter_id", "choose a matter").WithCode("communication.matter.id")
	}
	if len(l.ContactIDs) > MaxLinkedContacts {
		return Links{}, domain.Invalid("contact_ids", "at most %d contacts", MaxLinkedContacts).WithCode("communication.contacts.too_many")
	}
	out := Links{MatterID: l.MatterID}
	for _, id := range l.ContactIDs {
		if !domain.ValidID(id) {
			return Links{}, domain.Invalid("contact_ids", "choose a contact").WithCode("communication.contact.id")
		}
		if !slices.Contains(out.ContactIDs, id) {
			out.ContactIDs = append(out.ContactIDs, id)
		}
	}
	return out, nil
}

func sameLinks(a, b Links) bool {
	return a.MatterID == b.MatterID && slices.Equal(a.ContactIDs, b.ContactIDs)
}

// FollowUp is a reminder on an entry: AssignedTo (a staff ID) is to act on
// it by DueOn (YYYY-MM-DD, Stockholm).
type FollowUp struct {
	DueOn      string
	AssignedTo string
}

// NormaliseFollowUp checks the date and the assignee.
func NormaliseFollowUp(f FollowUp, now time.Time) (FollowUp, error) {
	var p domain.Problems
	due, err := cleanDate("follow_up.due_on", f.DueOn, now)
	p.Add(err)
	if !domain.ValidID(f.AssignedTo) {
		p.Add(domain.Invalid("follow_up.assigned_to", "choose who is to follow this up").WithCode("communication.follow_up.assignee"))
	}
	return FollowUp{DueOn: due, AssignedTo: f.AssignedTo}, p.Err()
}

// MatterSubject is the data-subject ID of a matter's own key. It must
// match what domain/matter seals a matter's free text with.
func MatterSubject(matterID string) string { return "matter-" + matterID }

// DataSubjectFor chooses whose key seals an entry or document with these
// links: the matter's when there is one (the file is kept under statutory
// retention whoever it mentions), else the first contact's (an entry about
// one person dies with that person). Empty when there are no links.
func DataSubjectFor(matterID string, contactIDs []string) string {
	switch {
	case matterID != "":
		return MatterSubject(matterID)
	case len(contactIDs) > 0:
		return contactIDs[0]
	}
	return ""
}
