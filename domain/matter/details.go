package matter

import "github.com/klient-crm/klient/domain"

// ChangeDetails decides to replace the title, description and practice
// area with a complete new set. The same details decide nothing.
func (m *Matter) ChangeDetails(d Details, practiceArea string, areas PracticeAreas) ([]domain.Event, error) {
	if err := m.active(); err != nil {
		return nil, err
	}
	title, titleErr := cleanLine("title", d.Title, maxTitleLength, true)
	description, descErr := cleanBlock("description", d.Description, maxDescriptionLength, false)
	area, areaErr := areas.normalise(practiceArea)
	if err := domain.JoinProblems(titleErr, descErr, areaErr); err != nil {
		return nil, err
	}
	d = Details{Title: title, Description: description}
	if d == m.details && area == m.practiceArea {
		return nil, nil
	}
	return []domain.Event{MatterDetailsChanged{MatterID: m.id, MatterSubject: Subject(m.id), PracticeArea: area, Details: d}}, nil
}

// AddNote decides to put a note on the file under noteID, which the
// caller chose. The same note ID again decides nothing (a resent form).
// Notes may be added until the matter is archived: a closed file still
// takes a note of what happened to it.
func (m *Matter) AddNote(noteID, text string) ([]domain.Event, error) {
	if err := m.changeable(); err != nil {
		return nil, err
	}
	if !domain.ValidID(noteID) {
		return nil, domain.Invalid("note_id", "this is not a note ID").WithCode("matter.note.id")
	}
	text, err := cleanBlock("text", text, maxNoteLength, true)
	if err != nil || m.notes[noteID] {
		return nil, err
	}
	return []domain.Event{NoteAdded{MatterID: m.id, MatterSubject: Subject(m.id), NoteID: noteID, Text: text}}, nil
}
