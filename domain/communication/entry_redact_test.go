package communication

import (
	"testing"

	"github.com/klient-crm/klient/domain"
)

// An entry's text is sealed with an entry key its owner owns; a redaction
// moves it to the next key and names the one it replaces, the next
// correction uses the new key, and an erased text (the new key gone too)
// refuses another redaction.
func TestRedactMovesTheTextToANewEntryKey(t *testing.T) {
	t.Parallel()
	e := logged(t)
	first := domain.EntryKey(e.DataSubject(), "communication-"+entryID)
	if e.TextSubject() != first {
		t.Fatalf("logged under %q, want %q", e.TextSubject(), first)
	}
	events, err := e.Redact("Samtal", "[raderad person] ringde", now)
	decided(t, events, err, CommunicationTextRedacted{})
	r := events[0].(CommunicationTextRedacted)
	if r.Replaced != first || r.TextSubject != domain.EntryKey(e.DataSubject(), "communication-"+entryID+".1") ||
		r.Content.Body != "[raderad person] ringde" {
		t.Fatalf("redaction %+v", r)
	}
	e.Apply(r)
	if e.TextSubject() != r.TextSubject || len(e.RetiredKeys()) != 1 || e.Details().Body != "[raderad person] ringde" {
		t.Fatalf("after the redaction: key %q, retired %v, %+v", e.TextSubject(), e.RetiredKeys(), e.Details())
	}
	events, err = e.Correct(Details{Kind: KindNote, OccurredAt: e.Details().OccurredAt, SubjectLine: "Samtal", Body: "Rättat"}, now)
	decided(t, events, err, CommunicationCorrected{})
	if got := events[0].(CommunicationCorrected).TextSubject; got != r.TextSubject {
		t.Errorf("a correction after the redaction sealed with %q, want %q", got, r.TextSubject)
	}
	e.ApplyErased(CommunicationCorrected{CommunicationID: entryID, TextSubject: r.TextSubject})
	events, err = e.Redact("x", "y", now)
	refused(t, events, err, domain.KindErased, "communication.erased")
}

// An entry logged before entry keys shares its owner's key: destroying it
// would destroy the owner's every other text, so it is refused.
func TestRedactRefusesATextSealedWithItsOwnersKey(t *testing.T) {
	t.Parallel()
	e := new(Entry)
	e.Apply(CommunicationLogged{CommunicationID: entryID, MatterID: matterID, DataSubject: matterKey, TextSubject: matterKey,
		Kind: KindNote, OccurredAt: now, Content: Content{SubjectLine: "Gammal"}})
	events, err := e.Redact("Ny", "", now)
	refused(t, events, err, domain.KindConflict, "communication.redact.shared_key")
}
