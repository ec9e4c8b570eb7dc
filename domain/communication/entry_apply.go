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
		e.id, e.dataSubject = ev.CommunicationID, ev.DataSubject
		e.links = Links{MatterID: ev.MatterID, ContactIDs: ev.ContactIDs}
		e.details = detailsOf(ev.Kind, ev.OccurredAt, ev.Participants, ev.Content)
		e.registered = e.details
	case CommunicationCorrected:
		e.details = detailsOf(ev.Kind, ev.OccurredAt, ev.Participants, ev.Content)
	case FollowUpFlagged:
		e.followUp = &FollowUp{DueOn: ev.DueOn, AssignedTo: ev.AssignedTo}
	case FollowUpCleared:
		e.followUp = nil
	case CommunicationDeleted:
		e.deleted, e.followUp = true, nil
	}
}

// ApplyErased applies an event whose text could not be opened because the
// data subject's key was shredded. From then on the entry refuses every
// change that needs its text.
func (e *Entry) ApplyErased(ev domain.Event) {
	e.erased = true
	e.Apply(ev)
}

func detailsOf(k Kind, at time.Time, ps []Participant, c Content) Details {
	return Details{Kind: k, OccurredAt: at, Participants: ps, SubjectLine: c.SubjectLine, Body: c.Body}
}
