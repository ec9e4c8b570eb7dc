package matter

import "github.com/klient-crm/klient/domain"

// Open decides to take in a matter under id with its reserved number. The
// opening o is checked again (NormaliseOpening). Opening the same matter
// again (same ID, title, description, practice area and responsible lawyer)
// decides nothing: it is a retry, and the parties it names are not added a
// second time.
func (m *Matter) Open(id, number string, o Opening, areas PracticeAreas) ([]domain.Event, error) {
	o, err := NormaliseOpening(o, areas)
	if err != nil {
		return nil, err
	}
	if !domain.ValidID(id) {
		return nil, domain.Invalid("matter_id", "this is not a matter ID").WithCode("matter.id.format")
	}
	opened := MatterOpened{MatterID: id, MatterSubject: Subject(id), Number: number,
		PracticeArea: o.PracticeArea, ResponsibleLawyer: o.ResponsibleLawyer, File: number,
		DetailsSubject: detailsTextKey(id, 0), Details: Details{Title: o.Title, Description: o.Description}}
	if m.Exists() {
		return nil, m.retriedOpening(opened)
	}
	if _, _, err := ParseNumber(number); err != nil {
		return nil, err
	}
	return openingEvents(opened, o), nil
}

func openingEvents(opened MatterOpened, o Opening) []domain.Event {
	events := []domain.Event{opened}
	for _, p := range o.Parties {
		events = append(events, PartyAdded{MatterID: opened.MatterID, PartyID: p.PartyID,
			ContactID: p.ContactID, Role: p.Role, Note: p.Note})
	}
	if len(o.Members)+len(o.Teams) > 0 {
		events = append(events, TeamChanged{MatterID: opened.MatterID, Members: o.Members, Teams: o.Teams})
	}
	return events
}

// retriedOpening accepts a faithful retry and refuses a clash of IDs.
func (m *Matter) retriedOpening(again MatterOpened) error {
	if m.erased {
		return erasedError()
	}
	first := m.opened
	if first.MatterID != again.MatterID || first.Details != again.Details ||
		first.PracticeArea != again.PracticeArea || first.ResponsibleLawyer != again.ResponsibleLawyer {
		return domain.Conflict("another matter is already opened under this ID").WithCode("matter.id.taken")
	}
	return nil
}
