package matter

import (
	"errors"
	"testing"

	"github.com/klient-crm/klient/domain"
)

// A note is sealed with an entry key of its own, owned by the matter; a
// redaction moves its text to the next generation's key and names the one
// it replaces, which the command then destroys (docs/gdpr.md, "Entry
// keys"). A note added before entry keys shares the matter's key and is
// refused.
func TestRedactNoteMovesItsTextToANewEntryKey(t *testing.T) {
	const noteID = "0190a000-0000-7000-8000-00000000beef"
	m := opened(t)
	events, err := m.AddNote(noteID, "Zoltrix ringde")
	if err != nil {
		t.Fatal(err)
	}
	first := domain.EntryKey(Subject(matterID), "note-"+noteID)
	if got := events[0].(NoteAdded).TextSubject; got != first {
		t.Fatalf("the note is sealed with %q, want %q", got, first)
	}
	m = then(m, events)
	events, err = m.RedactNote(noteID, "[raderad person] ringde")
	if err != nil {
		t.Fatal(err)
	}
	r := events[0].(NoteTextRedacted)
	if r.Replaced != first || r.TextSubject != domain.EntryKey(Subject(matterID), "note-"+noteID+".1") || r.Text != "[raderad person] ringde" {
		t.Fatalf("redacted: %+v", r)
	}
	m = then(m, events)
	again, err := m.RedactNote(noteID, "[raderad person] ringde igen")
	if err != nil || again[0].(NoteTextRedacted).Replaced != r.TextSubject || len(m.RetiredKeys()) != 1 {
		t.Fatalf("a second redaction: %+v, %v; retired %v", again, err, m.RetiredKeys())
	}
	if _, err := m.RedactNote("0190a000-0000-7000-8000-00000000dead", "x"); !domain.IsKind(err, domain.KindNotFound) {
		t.Errorf("an unknown note: %v", err)
	}

	old := opened(t)
	old.Apply(NoteAdded{MatterID: matterID, MatterSubject: Subject(matterID), NoteID: noteID, TextSubject: Subject(matterID), Text: "x"})
	var de *domain.Error
	if _, err := old.RedactNote(noteID, "y"); !errors.As(err, &de) || de.Code != "matter.note.redact.shared_key" {
		t.Errorf("a note under the matter's key: %v", err)
	}
}
