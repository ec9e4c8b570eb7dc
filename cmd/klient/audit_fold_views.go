package main

import (
	"strings"

	"github.com/klient-crm/klient/domain/contact"
	"github.com/klient-crm/klient/domain/matter"
)

// contactState is a contact as replay prints it. Details are absent once
// the contact is erased.
type contactState struct {
	ID           string                       `json:"id"`
	Kind         contact.Kind                 `json:"kind"`
	Archived     bool                         `json:"archived"`
	Erased       bool                         `json:"erased"`
	Person       *contact.PersonDetails       `json:"person,omitempty"`
	Organisation *contact.OrganisationDetails `json:"organisation,omitempty"`
	Affiliations []contact.Affiliation        `json:"affiliations,omitempty"`
}

func foldContact(stream string, events []auditEvent) any {
	var c contact.Contact
	replayInto(&c, strings.TrimPrefix(stream, contact.StreamName("")), events)
	s := contactState{ID: c.ID(), Kind: c.Kind(), Archived: c.Archived(), Erased: c.Erased(), Affiliations: c.Affiliations()}
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

// matterState is a matter as replay prints it.
type matterState struct {
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

func foldMatter(stream string, events []auditEvent) any {
	var m matter.Matter
	replayInto(&m, matter.Subject(strings.TrimPrefix(stream, matter.StreamName(""))), events)
	members, teams := m.Team()
	return matterState{ID: m.ID(), Number: m.Number(), Status: m.Status(), PracticeArea: m.PracticeArea(),
		Details: m.Details(), ResponsibleLawyer: m.ResponsibleLawyer(), TeamMembers: members, Teams: teams,
		Grants: m.Grants(), Parties: m.Parties(), Erased: m.Erased()}
}
