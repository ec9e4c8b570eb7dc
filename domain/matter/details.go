package matter

import (
	"fmt"

	"github.com/klient-crm/klient/domain"
)

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
	if _, added := m.notes[noteID]; err != nil || added {
		return nil, err
	}
	return []domain.Event{NoteAdded{MatterID: m.id, MatterSubject: Subject(m.id), NoteID: noteID,
		TextSubject: noteTextKey(m.id, noteID, 0), Text: text}}, nil
}

// noteKey is whose key seals a note's current text, and how many times
// it was redacted.
type noteKey struct {
	subject    string
	redactions int
}

// noteTextKey is the entry key of generation n of a note's text (0 when
// added, n after the n-th redaction), owned by the matter
// (domain.EntryKey): erasing the matter's file destroys it with the rest.
func noteTextKey(matterID, noteID string, n int) string {
	if n == 0 {
		return domain.EntryKey(Subject(matterID), "note-"+noteID)
	}
	return domain.EntryKey(Subject(matterID), fmt.Sprintf("note-%s.%d", noteID, n))
}

// RedactNote decides to replace note noteID's text with text under a new
// entry key; the caller destroys the key of the text it replaces once the
// event is stored (docs/gdpr.md, "Mentions in other matters"). A closed
// or archived matter's note may be redacted: the file is kept, the
// mention is what goes. A note added before entry keys shares the matter's
// key, so it is refused ("matter.note.redact.shared_key").
func (m *Matter) RedactNote(noteID, text string) ([]domain.Event, error) {
	if !m.Exists() {
		return nil, domain.NotFound("there is no such matter").WithCode("matter.not_found")
	}
	if m.erased {
		return nil, erasedError()
	}
	n, ok := m.notes[noteID]
	switch {
	case !ok:
		return nil, domain.NotFound("the matter has no such note").WithCode("matter.note.not_found")
	case n.subject == Subject(m.id):
		return nil, domain.Conflict("this note is sealed with the key of the whole matter; it cannot be redacted on its own").
			WithCode("matter.note.redact.shared_key")
	}
	text, err := cleanBlock("text", text, maxNoteLength, true)
	if err != nil {
		return nil, err
	}
	return []domain.Event{NoteTextRedacted{MatterID: m.id, MatterSubject: Subject(m.id), NoteID: noteID,
		TextSubject: noteTextKey(m.id, noteID, n.redactions+1), Replaced: n.subject, Text: text}}, nil
}

// RetiredKeys are the keys the notes' redactions replaced: each is to be
// destroyed (again, after a crash between the event and the destruction).
func (m *Matter) RetiredKeys() []string { return m.retired }
