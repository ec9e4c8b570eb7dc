package matter

import "github.com/klient-crm/klient/domain"

// AddParty decides that a contact takes part in the matter. The contact is
// another aggregate: the caller first asks CheckPartyContact. A contact is
// a party at most once; to change its role, ChangePartyRole. Adding the
// same party again with the same role and note decides nothing.
func (m *Matter) AddParty(p NewParty) ([]domain.Event, error) {
	if err := m.active(); err != nil {
		return nil, err
	}
	p, err := normaliseParty("party", p)
	if err != nil {
		return nil, err
	}
	if have, ok := m.partyOfContact(p.ContactID); ok {
		if have.ID == p.PartyID && have.Role == p.Role && have.Note == p.Note {
			return nil, nil
		}
		return nil, domain.Conflict("this contact is already a party to the matter").WithCode("matter.party.exists")
	}
	if len(m.parties) >= MaxParties {
		return nil, domain.Invalid("party", "at most %d parties", MaxParties).WithCode("matter.party.too_many")
	}
	if _, taken := m.parties[p.PartyID]; taken {
		return nil, domain.Conflict("another party already has this ID").WithCode("matter.party.id_taken")
	}
	return []domain.Event{PartyAdded{MatterID: m.id, PartyID: p.PartyID, ContactID: p.ContactID, Role: p.Role, Note: p.Note}}, nil
}

// ChangePartyRole decides the party's new role and complete new note. The
// last client cannot become something else: a matter always has a client.
func (m *Matter) ChangePartyRole(partyID string, role PartyRole, note string) ([]domain.Event, error) {
	p, err := m.existingParty(partyID)
	if err != nil {
		return nil, err
	}
	note, noteErr := cleanBlock("note", note, maxPartyNoteLength, false)
	if err := domain.JoinProblems(checkRole("role", role), noteErr); err != nil {
		return nil, err
	}
	if p.Role == role && p.Note == note {
		return nil, nil
	}
	if p.Role == RoleClient && role != RoleClient && m.clients() == 1 {
		return nil, lastClientError()
	}
	return []domain.Event{PartyRoleChanged{MatterID: m.id, PartyID: p.ID, ContactID: p.ContactID, Role: role, Note: note}}, nil
}

// RemoveParty decides that the party no longer takes part. Removing a
// party that is not there is an error (the caller named something that is
// not there); removing the last client is refused.
func (m *Matter) RemoveParty(partyID string) ([]domain.Event, error) {
	p, err := m.existingParty(partyID)
	if err != nil {
		return nil, err
	}
	if p.Role == RoleClient && m.clients() == 1 {
		return nil, lastClientError()
	}
	return []domain.Event{PartyRemoved{MatterID: m.id, PartyID: p.ID, ContactID: p.ContactID}}, nil
}

func (m *Matter) existingParty(partyID string) (Party, error) {
	if err := m.active(); err != nil {
		return Party{}, err
	}
	p, ok := m.parties[partyID]
	if !ok {
		return Party{}, domain.NotFound("there is no such party to this matter").WithCode("matter.party.not_found")
	}
	return p, nil
}

func lastClientError() error {
	return domain.Conflict("a matter needs at least one client; add another client first").WithCode("matter.party.last_client")
}
