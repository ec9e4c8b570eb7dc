package work

import (
	"slices"
	"time"

	"github.com/klient-crm/klient/domain"
)

// NewDeadline is a deadline as a form or a template states it.
type NewDeadline struct {
	MatterID    string
	Kind        string
	Date        string // "YYYY-MM-DD"
	Time        string // "HH:MM", or "" for all day
	Title       string
	Responsible string // staff ID
	Reminders   []int  // days before
	Origin      string // the template item that sets it; "" for a person's
	// ConcernsClient: whether the matter's clients are reminded of it;
	// nil takes the kind's default (ConcernsClientByDefault).
	ConcernsClient *bool
}

// Set decides to set a deadline under id, which the caller chose; the same
// deadline set again under the same ID decides nothing (a retry).
func (d *Deadline) Set(id string, in NewDeadline) ([]domain.Event, error) {
	e, err := newDeadlineSet(id, in)
	if err != nil {
		return nil, err
	}
	if !d.Exists() {
		return []domain.Event{e}, nil
	}
	if d.erased || !sameDeadline(d.set, e) {
		return nil, domain.Conflict("another deadline is already set under this ID").WithCode("work.deadline.id.taken")
	}
	return nil, nil
}

func newDeadlineSet(id string, in NewDeadline) (DeadlineSet, error) {
	var matterErr, responsibleErr error
	if in.MatterID == "" || !ValidID(in.MatterID) {
		matterErr = invalid("matter_id", "work.deadline.matter_required", "a deadline belongs to a matter")
	}
	if !ValidID(in.Responsible) {
		responsibleErr = invalid("responsible", "work.deadline.responsible_required", "choose who is responsible")
	}
	title, titleErr := cleanTitle("title", in.Title)
	kind, kindErr := ParseDeadlineKind("kind", in.Kind)
	date, dateErr := ParseDate("date", in.Date)
	at, timeErr := ParseTimeOfDay("time", in.Time)
	if dateErr == nil && timeErr == nil {
		timeErr = at.Exists("time", date)
	}
	reminders, remindersErr := NormaliseReminders("reminders", in.Reminders)
	// The flag is always written, the default resolved now: a later change
	// of the defaults does not change what was decided.
	concerns := ConcernsClientByDefault(kind)
	if in.ConcernsClient != nil {
		concerns = *in.ConcernsClient
	}
	e := DeadlineSet{DeadlineID: id, MatterID: in.MatterID, Subject: MatterSubject(in.MatterID),
		TextSubject: deadlineTextKey(MatterSubject(in.MatterID), id, 0), Title: title,
		Kind: kind, Date: date, Time: at, Responsible: in.Responsible, Reminders: reminders, Origin: in.Origin,
		ConcernsClient: &concerns}
	return e, domain.JoinProblems(checkID("deadline_id", "deadline", id), matterErr, titleErr, kindErr, dateErr,
		timeErr, responsibleErr, remindersErr)
}

func sameDeadline(a, b DeadlineSet) bool {
	return a.DeadlineID == b.DeadlineID && a.MatterID == b.MatterID && a.Title == b.Title &&
		a.Kind == b.Kind && a.Date == b.Date && a.Time == b.Time && a.Responsible == b.Responsible &&
		a.Origin == b.Origin && slices.Equal(a.Reminders, b.Reminders) && ConcernsClient(a) == ConcernsClient(b)
}

// MarkConcern decides whether the pending deadline concerns the matter's
// clients (they are reminded of it); as it is already decides nothing.
func (d *Deadline) MarkConcern(concerns bool) ([]domain.Event, error) {
	if err := d.pending(); err != nil {
		return nil, err
	}
	if concerns == d.concerns {
		return nil, nil
	}
	return []domain.Event{DeadlineConcernChanged{DeadlineID: d.ID(), ConcernsClient: concerns}}, nil
}

// Move decides the deadline's new date, time of day and reminders, and
// records why when reason is given.
func (d *Deadline) Move(date, at string, reminders []int, reason string) ([]domain.Event, error) {
	if err := d.pending(); err != nil {
		return nil, err
	}
	newDate, dateErr := ParseDate("date", date)
	newAt, timeErr := ParseTimeOfDay("time", at)
	if dateErr == nil && timeErr == nil {
		timeErr = newAt.Exists("time", newDate)
	}
	r, remindersErr := NormaliseReminders("reminders", reminders)
	why, reasonErr := cleanReason(reason)
	if err := domain.JoinProblems(dateErr, timeErr, remindersErr, reasonErr); err != nil {
		return nil, err
	}
	if newDate == d.date && newAt == d.at && slices.Equal(r, d.reminders) {
		return nil, nil
	}
	return []domain.Event{DeadlineMoved{DeadlineID: d.ID(), Date: newDate, Time: newAt, Reminders: r,
		Subject: d.set.Subject, TextSubject: d.textKey, Reason: why}}, nil
}

// Meet decides that the deadline was met; a met deadline decides nothing.
func (d *Deadline) Meet() ([]domain.Event, error) {
	if err := d.changeable(); err != nil || d.status == DeadlineStatusMet {
		return nil, err
	}
	if err := d.pending(); err != nil {
		return nil, err
	}
	return []domain.Event{DeadlineMet{DeadlineID: d.ID()}}, nil
}

// Cancel decides that the deadline no longer applies, and records why when
// reason is given.
func (d *Deadline) Cancel(reason string) ([]domain.Event, error) {
	why, err := cleanReason(reason)
	if err != nil {
		return nil, err
	}
	if err := d.changeable(); err != nil || d.status == DeadlineStatusCancelled {
		return nil, err
	}
	if err := d.pending(); err != nil {
		return nil, err
	}
	return []domain.Event{DeadlineCancelled{DeadlineID: d.ID(), Subject: d.set.Subject, TextSubject: d.textKey, Reason: why}}, nil
}

// RedactText decides to replace the deadline's title and the reasons it
// was given (oldest first, as many as it was given) with a corrected text
// under a new entry key; the caller destroys the key of the text it
// replaces once the event is stored (docs/gdpr.md, "Mentions in other
// matters"). A met or cancelled deadline may be redacted. A deadline set
// before entry keys shares the matter's key, so it is refused
// ("work.deadline.redact.shared_key").
func (d *Deadline) RedactText(title string, reasons []string) ([]domain.Event, error) {
	if err := d.changeable(); err != nil {
		return nil, err
	}
	if d.erased {
		return nil, domain.Erased("this deadline's text has been erased").WithCode("work.deadline.erased")
	}
	if d.textKey == d.set.Subject {
		return nil, domain.Conflict("this deadline's text is sealed with the key of the whole matter; it cannot be redacted on its own").
			WithCode("work.deadline.redact.shared_key")
	}
	if len(reasons) != len(d.reasons) {
		return nil, invalid("reasons", "work.deadline.redact.reasons", "give the corrected text of every reason the deadline was given")
	}
	cleanT, titleErr := cleanTitle("title", title)
	problems := []error{titleErr}
	clean := make([]string, len(reasons))
	for i, r := range reasons {
		var err error
		clean[i], err = cleanReason(r)
		problems = append(problems, err)
	}
	if err := domain.JoinProblems(problems...); err != nil {
		return nil, err
	}
	return []domain.Event{DeadlineTextRedacted{DeadlineID: d.ID(), Subject: d.set.Subject,
		TextSubject: deadlineTextKey(d.set.Subject, d.ID(), d.redactions+1), Replaced: d.textKey,
		Versions: slices.Clone(d.reasons), Text: DeadlineText{Title: cleanT, Reasons: clean}}}, nil
}

// RaiseReminder decides to raise reminder index at now. It decides nothing
// when the reminder is already raised for its due time, is not due yet, or
// the deadline is no longer pending: a reminder engine that lost a race, or
// replays, asks again and is told there is nothing to do.
func (d *Deadline) RaiseReminder(index int, now time.Time) ([]domain.Event, error) {
	if err := d.changeable(); err != nil {
		return nil, err
	}
	if index < 0 || index >= len(d.reminders) {
		return nil, invalid("reminder_index", "work.reminder.unknown", "this deadline has no such reminder")
	}
	if !slices.Contains(d.DueReminders(now), index) {
		return nil, nil
	}
	return []domain.Event{ReminderRaised{DeadlineID: d.ID(), ReminderIndex: index,
		DaysBefore: d.reminders[index], DueAt: d.ReminderDue(index)}}, nil
}

func (d *Deadline) changeable() error {
	if !d.Exists() {
		return domain.NotFound("there is no such deadline").WithCode("work.deadline.not_found")
	}
	return nil
}

func (d *Deadline) pending() error {
	if err := d.changeable(); err != nil {
		return err
	}
	if d.status != DeadlineStatusPending {
		return invalid("", "work.deadline.closed", "this deadline is already met or cancelled")
	}
	return nil
}
