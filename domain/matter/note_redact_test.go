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

// A matter's title and description are sealed with an entry key the
// matter owns, and the opening seals the file's sign (its number) with the
// matter's own key, which retention destroys (docs/gdpr.md, "Entry keys").
// A change keeps the key of its generation; a redaction moves the details
// to the next one and names the key it replaces. A matter opened before
// entry keys shares the matter's key and is refused.
func TestRedactDetailsMovesThemToANewEntryKey(t *testing.T) {
	m := opened(t)
	first := domain.EntryKey(Subject(matterID), "details")
	if o := m.opened; o.DetailsSubject != first || o.File != "2026-0001" || o.MatterSubject != Subject(matterID) {
		t.Fatalf("opened with details under %q and the file's sign %q", o.DetailsSubject, o.File)
	}
	change, err := m.ChangeDetails(Details{Title: "Hyrestvist med Zoltrix"}, "fastighetsrätt", PracticeAreas{})
	if err != nil || change[0].(MatterDetailsChanged).DetailsSubject != first {
		t.Fatalf("a change of the details: %+v, %v", change, err)
	}
	changed := then(m, change)
	closed := must(t, changed)(changed.Close())
	reopen, err := closed.Reopen("Zoltrix överklagade")
	if err != nil || reopen[0].(MatterReopened).ReasonSubject != first {
		t.Fatalf("a reopening: %+v, %v", reopen, err)
	}
	changed = then(closed, reopen)
	if _, err := changed.RedactDetails(Details{Title: "Hyrestvist"}, nil); !domain.IsKind(err, domain.KindInvalid) {
		t.Errorf("a redaction without the reopening's reason: %v", err)
	}
	events, err := changed.RedactDetails(Details{Title: "Hyrestvist med [raderad person]", Description: "  "}, []string{"[raderad person] överklagade"})
	if err != nil {
		t.Fatal(err)
	}
	r := events[0].(MatterDetailsRedacted)
	if r.Replaced != first || r.DetailsSubject != domain.EntryKey(Subject(matterID), "details.1") ||
		r.Details != (Details{Title: "Hyrestvist med [raderad person]"}) || len(r.Versions) != 1 || r.Versions[0] != changed.Version() ||
		len(r.Reasons) != 1 || r.Reasons[0] != "[raderad person] överklagade" {
		t.Fatalf("redacted: %+v", r)
	}
	m = then(changed, events)
	if m.Details().Title != "Hyrestvist med [raderad person]" || m.PracticeArea() != "fastighetsrätt" || len(m.RetiredKeys()) != 1 {
		t.Fatalf("after the redaction: %+v, %q, retired %v", m.Details(), m.PracticeArea(), m.RetiredKeys())
	}
	again := must(t, m)(m.ChangeDetails(Details{Title: "Hyrestvist"}, "fastighetsrätt", PracticeAreas{}))
	if ev := again.opened; ev.DetailsSubject != first {
		t.Fatalf("the opening changed: %+v", ev)
	}
	next, err := again.RedactDetails(Details{Title: "Hyrestvist"}, []string{"Överklagat"})
	if err != nil || next[0].(MatterDetailsRedacted).Replaced != r.DetailsSubject || next[0].(MatterDetailsRedacted).Versions[0] != r.Versions[0] {
		t.Fatalf("a second redaction: %+v, %v", next, err)
	}
	if _, err := m.RedactDetails(Details{Title: ""}, []string{"x"}); !domain.IsKind(err, domain.KindInvalid) {
		t.Errorf("a redaction without a title: %v", err)
	}

	old := new(Matter)
	old.Apply(MatterOpened{MatterID: matterID, MatterSubject: Subject(matterID), Number: "2025-0001",
		DetailsSubject: Subject(matterID), Details: Details{Title: "x"}})
	var de *domain.Error
	if _, err := old.RedactDetails(Details{Title: "y"}, nil); !errors.As(err, &de) || de.Code != "matter.details.redact.shared_key" {
		t.Errorf("details under the matter's key: %v", err)
	}
	erased := new(Matter)
	erased.ApplyErased(MatterOpened{MatterID: matterID, MatterSubject: Subject(matterID), Number: "2026-0001",
		DetailsSubject: first})
	if _, err := erased.RedactDetails(Details{Title: "y"}, nil); !domain.IsKind(err, domain.KindErased) {
		t.Errorf("an erased matter: %v", err)
	}
}
