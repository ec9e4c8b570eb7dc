package communication

import (
	"fmt"
	"slices"
	"time"

	"github.com/klient-crm/klient/domain"
)

// MaxParticipants bounds who took part in one communication.
const MaxParticipants = 50

// Details are the facts of an entry that a correction may change.
type Details struct {
	Kind         Kind
	OccurredAt   time.Time // an instant; shown in Europe/Stockholm
	Participants []Participant
	SubjectLine  string
	Body         string
}

// NormaliseDetails checks d against every rule and returns it cleaned:
// text trimmed, the time in UTC to the second, participants without
// repeats. An entry needs a subject line or a body. Every problem is
// reported at once.
func NormaliseDetails(d Details, now time.Time) (Details, error) {
	var p domain.Problems
	var c Details
	var err error
	c.Kind = d.Kind
	p.Add(checkKind(d.Kind))
	c.OccurredAt, err = cleanInstant("occurred_at", d.OccurredAt, now)
	p.Add(err)
	c.Participants, err = cleanParticipants(d.Participants)
	p.Add(err)
	c.SubjectLine, err = cleanLine("subject_line", d.SubjectLine, MaxSubjectLineLength)
	p.Add(err)
	c.Body, err = cleanBody("body", d.Body, MaxBodyLength)
	p.Add(err)
	if err := p.Err(); err != nil {
		return Details{}, err
	}
	if c.SubjectLine == "" && c.Body == "" {
		return Details{}, domain.Invalid("subject_line", "write a subject line or a note").WithCode("communication.text.required")
	}
	return c, nil
}

func cleanParticipants(ps []Participant) ([]Participant, error) {
	if len(ps) > MaxParticipants {
		return nil, domain.Invalid("participants", "at most %d participants", MaxParticipants).WithCode("communication.participants.too_many")
	}
	out := make([]Participant, 0, len(ps))
	for i, pt := range ps {
		field := fmt.Sprintf("participants[%d]", i)
		if pt.Kind != ParticipantContact && pt.Kind != ParticipantStaff {
			return nil, domain.Invalid(field, "a participant is a contact or a staff member").WithCode("communication.participant.kind")
		}
		if !domain.ValidID(pt.ID) {
			return nil, domain.Invalid(field, "choose who took part").WithCode("communication.participant.id")
		}
		if !slices.Contains(out, pt) {
			out = append(out, pt)
		}
	}
	return out, nil
}

func sameDetails(a, b Details) bool {
	return a.Kind == b.Kind && a.OccurredAt.Equal(b.OccurredAt) && slices.Equal(a.Participants, b.Participants) &&
		a.SubjectLine == b.SubjectLine && a.Body == b.Body
}
