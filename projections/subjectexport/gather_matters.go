package subjectexport

import (
	"context"
	"slices"

	"github.com/klient-crm/klient/domain/matter"
	"github.com/klient-crm/klient/projections/matters"
)

// matters lists each matter the subject is a party to, with their role.
// In a matter where they are not the firm's client, everything about the
// matter is the client's and privileged: only their role and when they
// were added are given, the rest is marked withheld.
func (g *gatherer) matters(ctx context.Context, p *Package) error {
	list, err := matters.MattersOfContact(ctx, g.db, g.subject)
	if err != nil {
		return err
	}
	for _, cm := range list {
		g.roles[cm.ID] = append(g.roles[cm.ID], cm.Role)
	}
	for _, cm := range list {
		m, err := g.matter(ctx, cm)
		if err != nil {
			return err
		}
		p.Matters = append(p.Matters, m)
	}
	return nil
}

// matter is one party role of the subject's, with the matter's details
// when the subject is its client.
func (g *gatherer) matter(ctx context.Context, cm matters.ContactMatter) (Matter, error) {
	m := Matter{MatterID: cm.ID, Role: string(cm.Role), Destroyed: cm.Erased}
	parties, err := matters.Parties(ctx, g.db, cm.ID)
	if err != nil {
		return m, err
	}
	if i := slices.IndexFunc(parties, func(pt matters.Party) bool { return pt.PartyID == cm.PartyID }); i >= 0 {
		m.AddedAt, m.PartyNote = parties[i].AddedAt, parties[i].Note
	}
	if g.privileged(cm.ID) {
		m.PartyNote = ""
		m.Withheld = withheld(GroundPrivilege, "number", "title", "description", "practice_area", "status", "dates", "notes", "party_note")
		return m, nil
	}
	m.Number, m.Title, m.Description, m.PracticeArea = cm.Number, cm.Title, cm.Description, cm.PracticeArea
	m.Status, m.OpenedAt, m.ClosedAt = string(cm.Status), cm.OpenedAt, cm.ClosedAt
	notes, err := matters.Notes(ctx, g.db, cm.ID)
	for _, n := range notes {
		if n.Text != "" {
			m.Notes = append(m.Notes, n.Text)
		}
	}
	return m, err
}

// clientIn reports whether the subject is a client in matterID.
func (g *gatherer) clientIn(matterID string) bool {
	return slices.ContainsFunc(g.roles[matterID], func(r matter.PartyRole) bool { return slices.Contains(clientRoles, r) })
}
