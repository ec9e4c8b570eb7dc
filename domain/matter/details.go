package matter

import (
	"fmt"
	"slices"

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
	return []domain.Event{MatterDetailsChanged{MatterID: m.id, MatterSubject: Subject(m.id), PracticeArea: area,
		DetailsSubject: m.detailsKey.subject, Details: d}}, nil
}

// detailsTextKey is the entry key of generation n of the matter's title
// and description (0 when opened, n after the n-th redaction), owned by
// the matter like a note's: erasing the file destroys it with the rest.
// A change of the details keeps the key of its generation, so one
// redaction's destroyed key takes every earlier wording with it.
func detailsTextKey(matterID string, n int) string {
	if n == 0 {
		return domain.EntryKey(Subject(matterID), "details")
	}
	return domain.EntryKey(Subject(matterID), fmt.Sprintf("details.%d", n))
}

// RedactDetails decides to replace the title and description with d, and
// the reasons the matter was reopened (oldest first, every one) with
// reasons, under a new entry key (the practice area stays); the caller
// destroys the key of the text it replaces once the event is stored
// (docs/gdpr.md, "Mentions in other matters"). Like a note's redaction it
// is open to a closed or archived matter. A matter opened before entry
// keys seals its details with the matter's own key, so it is refused
// ("matter.details.redact.shared_key").
func (m *Matter) RedactDetails(d Details, reasons []string) ([]domain.Event, error) {
	if !m.Exists() {
		return nil, domain.NotFound("there is no such matter").WithCode("matter.not_found")
	}
	if m.erased {
		return nil, erasedError()
	}
	if m.detailsKey.subject == Subject(m.id) {
		return nil, domain.Conflict("this matter's title and description are sealed with the key of the whole matter; they cannot be redacted on their own").
			WithCode("matter.details.redact.shared_key")
	}
	if len(reasons) != len(m.reopenings) {
		return nil, domain.Invalid("reasons", "give the corrected text of every reason the matter was reopened").
			WithCode("matter.details.redact.reasons")
	}
	title, titleErr := cleanLine("title", d.Title, maxTitleLength, true)
	description, descErr := cleanBlock("description", d.Description, maxDescriptionLength, false)
	problems := []error{titleErr, descErr}
	var clean []string
	for _, r := range reasons {
		c, err := cleanBlock("reasons", r, maxReasonLength, false)
		clean, problems = append(clean, c), append(problems, err)
	}
	if err := domain.JoinProblems(problems...); err != nil {
		return nil, err
	}
	return []domain.Event{MatterDetailsRedacted{MatterID: m.id, MatterSubject: Subject(m.id),
		DetailsSubject: detailsTextKey(m.id, m.detailsKey.redactions+1), Replaced: m.detailsKey.subject,
		Details: Details{Title: title, Description: description}, Versions: slices.Clone(m.reopenings), Reasons: clean}}, nil
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

// RetiredKeys are the keys the redactions replaced (a note's, the
// details'): each is to be destroyed (again, after a crash between the
// event and the destruction).
func (m *Matter) RetiredKeys() []string { return m.retired }
