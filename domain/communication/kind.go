package communication

import "github.com/klient-crm/klient/domain"

// Kind is what sort of communication an entry records.
type Kind string

// The kinds of communication.
const (
	KindEmail          Kind = "email"
	KindPhoneCall      Kind = "phone_call"
	KindMeeting        Kind = "meeting"
	KindLetterIncoming Kind = "letter_incoming"
	KindLetterOutgoing Kind = "letter_outgoing"
	KindNote           Kind = "note"
)

// Kinds lists every kind, in the order a form offers them.
func Kinds() []Kind {
	return []Kind{KindEmail, KindPhoneCall, KindMeeting, KindLetterIncoming, KindLetterOutgoing, KindNote}
}

// Valid reports whether k is one of Kinds.
func (k Kind) Valid() bool {
	for _, known := range Kinds() {
		if k == known {
			return true
		}
	}
	return false
}

func checkKind(k Kind) error {
	if !k.Valid() {
		return domain.Invalid("kind", "choose what kind of communication this was").WithCode("communication.kind.unknown")
	}
	return nil
}

// ParticipantKind tells a contact from someone at the firm.
type ParticipantKind string

// The kinds of participant.
const (
	ParticipantContact ParticipantKind = "contact"
	ParticipantStaff   ParticipantKind = "staff"
)

// Participant is someone who took part: a contact or a staff member, by ID.
type Participant struct {
	Kind ParticipantKind `json:"kind"`
	ID   string          `json:"id"`
}
