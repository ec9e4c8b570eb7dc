package communication

import (
	"time"

	"github.com/klient-crm/klient/domain"
)

// Apply evolves the state by one of the entry's own events, in stream
// order. It never fails: events are facts, already decided.
func (e *Entry) Apply(ev domain.Event) {
	e.applied++
	switch ev := ev.(type) {
	case CommunicationLogged:
		e.id, e.dataSubject, e.textSubject, e.erased = ev.CommunicationID, ev.DataSubject, ev.TextSubject, false
		e.links = Links{MatterID: ev.MatterID, ContactIDs: ev.ContactIDs}
		e.details = detailsOf(ev.Kind, ev.OccurredAt, ev.Participants, ev.Content)
		e.registered = e.details
	case CommunicationCorrected:
		e.details, e.erased = detailsOf(ev.Kind, ev.OccurredAt, ev.Participants, ev.Content), false
	case CommunicationTextRedacted:
		e.textSubject, e.erased = ev.TextSubject, false
		e.retired = append(e.retired, ev.Replaced)
		e.details.SubjectLine, e.details.Body = ev.Content.SubjectLine, ev.Content.Body
	case FollowUpFlagged:
		e.followUp = &FollowUp{DueOn: ev.DueOn, AssignedTo: ev.AssignedTo}
	case FollowUpCleared:
		e.followUp = nil
	case CommunicationDeleted:
		e.deleted, e.followUp = true, nil
	}
}

// ApplyErased applies an event whose text could not be opened because its
// key was shredded. Until a later text event (a redaction's, under a new
// key) the entry refuses every change that needs its text.
func (e *Entry) ApplyErased(ev domain.Event) {
	e.Apply(ev)
	e.erased = true
}

func detailsOf(k Kind, at time.Time, ps []Participant, c Content) Details {
	return Details{Kind: k, OccurredAt: at, Participants: ps, SubjectLine: c.SubjectLine, Body: c.Body}
}
