package communication

import (
	"time"

	"github.com/klient-crm/klient/domain"
)

// Correct decides to replace the entry's facts with a complete corrected
// set. The same facts again decide nothing.
func (e *Entry) Correct(details Details, now time.Time) ([]domain.Event, error) {
	if err := e.changeable(); err != nil {
		return nil, err
	}
	d, err := NormaliseDetails(details, now)
	if err != nil || sameDetails(e.details, d) {
		return nil, err
	}
	return []domain.Event{CommunicationCorrected{
		CommunicationID: e.id, DataSubject: e.dataSubject, TextSubject: e.textSubject, Kind: d.Kind,
		OccurredAt: d.OccurredAt, Participants: d.Participants, Content: Content{SubjectLine: d.SubjectLine, Body: d.Body},
	}}, nil
}

// Redact decides to replace the entry's text with subjectLine and body
// under a new entry key; the caller destroys the key of the text it
// replaces once the event is stored. A deleted entry may be redacted (its
// text is still kept). An entry logged before entry keys shares its key
// with everything else of its owner, so no key could be destroyed for it
// alone: it is refused ("communication.redact.shared_key").
func (e *Entry) Redact(subjectLine, body string, now time.Time) ([]domain.Event, error) {
	if !e.Exists() {
		return nil, notFound()
	}
	if e.erased {
		return nil, domain.Erased("this entry's text has been erased").WithCode("communication.erased")
	}
	if e.textSubject == e.dataSubject {
		return nil, domain.Conflict("this entry's text is sealed with the key of everything else about its owner; it cannot be redacted on its own").
			WithCode("communication.redact.shared_key")
	}
	d := e.details
	d.SubjectLine, d.Body = subjectLine, body
	d, err := NormaliseDetails(d, now)
	if err != nil {
		return nil, err
	}
	return []domain.Event{CommunicationTextRedacted{
		CommunicationID: e.id, DataSubject: e.dataSubject, TextSubject: textKey(e.dataSubject, e.id, len(e.retired)+1),
		Replaced: e.textSubject, Content: Content{SubjectLine: d.SubjectLine, Body: d.Body},
	}}, nil
}

// FlagFollowUp decides that someone is to follow the entry up; it replaces
// an open follow-up, and the same one again decides nothing.
func (e *Entry) FlagFollowUp(f FollowUp, now time.Time) ([]domain.Event, error) {
	if err := e.changeable(); err != nil {
		return nil, err
	}
	clean, err := NormaliseFollowUp(f, now)
	if err != nil || (e.followUp != nil && *e.followUp == clean) {
		return nil, err
	}
	return []domain.Event{FollowUpFlagged{CommunicationID: e.id, DueOn: clean.DueOn, AssignedTo: clean.AssignedTo}}, nil
}

// ClearFollowUp decides the follow-up is done. It is allowed on an erased
// entry, so that a reminder about text nobody can read can be dismissed.
func (e *Entry) ClearFollowUp() ([]domain.Event, error) {
	if err := e.present(); err != nil || e.followUp == nil {
		return nil, err
	}
	return []domain.Event{FollowUpCleared{CommunicationID: e.id}}, nil
}

// Delete decides the entry was recorded in error. Deleting it again
// decides nothing; an erased entry may be deleted.
func (e *Entry) Delete() ([]domain.Event, error) {
	if !e.Exists() {
		return nil, notFound()
	}
	if e.deleted {
		return nil, nil
	}
	return []domain.Event{CommunicationDeleted{CommunicationID: e.id}}, nil
}

// CheckAttachable is asked of an entry before a document is attached to
// it: it must exist, not be deleted and still hold its text.
func (e *Entry) CheckAttachable() error { return e.changeable() }

// present is the first check of every decision on an existing entry.
func (e *Entry) present() error {
	if !e.Exists() {
		return notFound()
	}
	if e.deleted {
		return domain.Conflict("this entry was deleted").WithCode("communication.deleted")
	}
	return nil
}

// changeable is present for decisions that need the entry's text.
func (e *Entry) changeable() error {
	if err := e.present(); err != nil {
		return err
	}
	if e.erased {
		return domain.Erased("this entry's text has been erased").WithCode("communication.erased")
	}
	return nil
}

func notFound() error {
	return domain.NotFound("there is no such entry in the communication log").WithCode("communication.not_found")
}
