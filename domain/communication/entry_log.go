package communication

import (
	"time"

	"github.com/klient-crm/klient/domain"
)

// Log decides to record a communication under id, which the caller chose.
// A follow-up may be flagged at once (nil: none). Logging the same facts
// again under the same ID decides nothing: it is a retry.
func (e *Entry) Log(id string, links Links, details Details, followUp *FollowUp, now time.Time) ([]domain.Event, error) {
	l, d, f, err := normaliseLog(links, details, followUp, now)
	if err != nil {
		return nil, err
	}
	if err := e.loggable(id, l, d); err != nil || e.Exists() {
		return nil, err
	}
	owner := DataSubjectFor(l.MatterID, l.ContactIDs)
	events := []domain.Event{CommunicationLogged{
		CommunicationID: id, MatterID: l.MatterID, ContactIDs: l.ContactIDs,
		DataSubject: owner, TextSubject: textKey(owner, id, 0), Kind: d.Kind, OccurredAt: d.OccurredAt,
		Participants: d.Participants, Content: Content{SubjectLine: d.SubjectLine, Body: d.Body},
	}}
	if f != nil {
		events = append(events, FollowUpFlagged{CommunicationID: id, DueOn: f.DueOn, AssignedTo: f.AssignedTo})
	}
	return events, nil
}

// normaliseLog checks links, details and follow-up together, so that a
// form learns every problem at once.
func normaliseLog(links Links, details Details, followUp *FollowUp, now time.Time) (Links, Details, *FollowUp, error) {
	var p domain.Problems
	l, err := NormaliseLinks(links)
	p.Add(err)
	d, err := NormaliseDetails(details, now)
	p.Add(err)
	var f *FollowUp
	if followUp != nil {
		clean, err := NormaliseFollowUp(*followUp, now)
		p.Add(err)
		f = &clean
	}
	return l, d, f, p.Err()
}

// loggable refuses a missing ID and a log that clashes with what is
// already recorded under the ID; a faithful retry passes.
func (e *Entry) loggable(id string, l Links, d Details) error {
	if id == "" {
		return domain.Invalid("communication_id", "an entry needs an ID").WithCode("communication.id.required")
	}
	if !e.Exists() {
		return nil
	}
	if e.erased {
		return domain.Erased("this entry's text has been erased").WithCode("communication.erased")
	}
	if e.id != id || !sameLinks(e.links, l) || !sameDetails(e.registered, d) {
		return domain.Conflict("another entry is already logged under this ID").WithCode("communication.id.taken")
	}
	return nil
}
