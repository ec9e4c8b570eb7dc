package dpo

import (
	"slices"
	"time"

	"github.com/klient-crm/klient/domain"
)

// An entry of the communication log — a call, a meeting, an e-mail, a
// letter — can hold special categories as a document can ("the client
// told us of her diagnosis"), and is marked the same way, with the same
// rule of grounds. The EntrySpecialMarking aggregate on stream
// "special-<communicationID>" holds the marking as last decided.

// CommunicationSpecialMarked: a log entry holds Categories, processed
// under Grounds. The categories are sealed with the key of whom the entry
// is about (DataSubject: the matter's for an entry filed under a matter,
// else the contact's), the key that also seals the entry's documents, so
// that the erasure of that person or matter leaves them unreadable. A
// redaction replaces only the text's entry key: the marking says what the
// entry holds, and stays until a lawyer lifts it. Grounds are articles of
// law and stay readable, so an entry stays marked (and hidden) after its
// categories are erased. Categories empty: the marking was lifted.
type CommunicationSpecialMarked struct {
	CommunicationID string            `json:"communication_id"`
	MatterID        string            `json:"matter_id,omitempty"`
	DataSubject     string            `json:"data_subject"`
	Categories      []SpecialCategory `json:"categories" personal:"DataSubject"`
	Grounds         []SpecialGround   `json:"grounds,omitempty"`
	MarkedAt        time.Time         `json:"marked_at"`
	MarkedBy        string            `json:"marked_by"`
}

// TypeCommunicationSpecialMarked is stored forever: never rename it.
const TypeCommunicationSpecialMarked = "dpo.CommunicationSpecialMarked"

func (CommunicationSpecialMarked) EventType() string  { return TypeCommunicationSpecialMarked }
func (CommunicationSpecialMarked) SchemaVersion() int { return 1 }

// Marked reports a marking in force (a lifted one has no grounds; the
// grounds are never sealed, so this holds after an erasure too).
func (e CommunicationSpecialMarked) Marked() bool { return len(e.Grounds) > 0 }

// EntrySpecialStreamName is the stream of one log entry's marking.
func EntrySpecialStreamName(communicationID string) string { return "special-" + communicationID }

// EntrySpecialMarking is the aggregate of one entry's marking.
type EntrySpecialMarking struct {
	current CommunicationSpecialMarked
	found   bool
}

// Apply evolves the marking.
func (m *EntrySpecialMarking) Apply(ev domain.Event) {
	if e, ok := ev.(CommunicationSpecialMarked); ok {
		m.current, m.found = e, true
	}
}

// Mark decides to mark the entry with e's categories (none: lift the
// marking), under the rule of Mark for documents: each category needs its
// ground, a ground no category needs is refused. The same marking again
// decides nothing, and so does lifting what is not marked.
func (m *EntrySpecialMarking) Mark(e CommunicationSpecialMarked) ([]domain.Event, error) {
	var probs domain.Problems
	cats, grounds := checkSpecial(&probs, e.Categories, e.Grounds)
	probs.Add(checkID("communication_id", e.CommunicationID, "dpo.special.communication"))
	probs.Add(checkID("data_subject", e.DataSubject, "dpo.special.communication"))
	probs.Add(checkID("marked_by", e.MarkedBy, "dpo.actor.id"))
	if err := probs.Err(); err != nil {
		return nil, err
	}
	e.Categories, e.Grounds = cats, grounds
	if len(cats) == 0 && !m.current.Marked() {
		return nil, nil
	}
	if m.found && slices.Equal(m.current.Categories, cats) && slices.Equal(m.current.Grounds, grounds) {
		return nil, nil
	}
	return []domain.Event{e}, nil
}

// CheckSpecial checks a marking's categories against its grounds as Mark
// does, and returns both as Mark would record them (no repeats, sorted):
// for a form that asks before it marks.
func CheckSpecial(categories []SpecialCategory, grounds []SpecialGround) ([]SpecialCategory, []SpecialGround, error) {
	var probs domain.Problems
	cats, gs := checkSpecial(&probs, categories, grounds)
	return cats, gs, probs.Err()
}
