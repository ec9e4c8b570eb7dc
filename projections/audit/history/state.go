package history

import (
	"strings"

	"github.com/klient-crm/klient/domain/contact"
	"github.com/klient-crm/klient/domain/matter"
)

// ContactState is a contact as it stood. Details are absent once the
// contact is erased.
type ContactState struct {
	ID           string                       `json:"id"`
	Kind         contact.Kind                 `json:"kind"`
	Archived     bool                         `json:"archived"`
	Erased       bool                         `json:"erased"`
	Person       *contact.PersonDetails       `json:"person,omitempty"`
	Organisation *contact.OrganisationDetails `json:"organisation,omitempty"`
	Affiliations []contact.Affiliation        `json:"affiliations,omitempty"`
}

// FoldContact folds a contact's stream with the aggregate's own Apply.
func FoldContact(stream string, events []Event) ContactState {
	var c contact.Contact
	replayInto(&c, strings.TrimPrefix(stream, contact.StreamName("")), events)
	s := ContactState{ID: c.ID(), Kind: c.Kind(), Archived: c.Archived(), Erased: c.Erased(), Affiliations: c.Affiliations()}
	switch {
	case c.Erased():
	case c.Kind() == contact.KindPerson:
		p := c.PersonDetails()
		s.Person = &p
	case c.Kind() == contact.KindOrganisation:
		o := c.OrganisationDetails()
		s.Organisation = &o
	}
	return s
}

// MatterState is a matter as it stood.
type MatterState struct {
	ID                string         `json:"id"`
	Number            string         `json:"number"`
	Status            matter.Status  `json:"status"`
	PracticeArea      string         `json:"practice_area"`
	Details           matter.Details `json:"details"` // blank once erased
	ResponsibleLawyer string         `json:"responsible_lawyer"`
	TeamMembers       []string       `json:"team_members,omitempty"`
	Teams             []string       `json:"teams,omitempty"`
	Grants            []string       `json:"grants,omitempty"`
	Parties           []matter.Party `json:"parties,omitempty"`
	Erased            bool           `json:"erased"`
}

// FoldMatter folds a matter's stream with the aggregate's own Apply.
func FoldMatter(stream string, events []Event) MatterState {
	var m matter.Matter
	replayInto(&m, matter.Subject(strings.TrimPrefix(stream, matter.StreamName(""))), events)
	members, teams := m.Team()
	return MatterState{ID: m.ID(), Number: m.Number(), Status: m.Status(), PracticeArea: m.PracticeArea(),
		Details: m.Details(), ResponsibleLawyer: m.ResponsibleLawyer(), TeamMembers: members, Teams: teams,
		Grants: m.Grants(), Parties: m.Parties(), Erased: m.Erased()}
}

// Clients are the contact IDs of the matter's parties in the role of
// client then: the walls on them stood in front of the matter too.
func (m MatterState) Clients() []string {
	var ids []string
	for _, p := range m.Parties {
		if p.Role == matter.RoleClient {
			ids = append(ids, p.ContactID)
		}
	}
	return ids
}
