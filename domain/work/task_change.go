package work

import "github.com/klient-crm/klient/domain"

// Reassign decides that the task is now for a; the same assignee decides
// nothing. Whether a exists is for the caller to check.
func (t *Task) Reassign(a Assignee) ([]domain.Event, error) {
	if err := t.open(); err != nil {
		return nil, err
	}
	a, err := NormaliseAssignee("assignee", a)
	if err != nil || a == t.assignee {
		return nil, err
	}
	return []domain.Event{TaskReassigned{TaskID: t.ID(), Assignee: a}}, nil
}

// Reschedule decides that the task is now due on due ("YYYY-MM-DD").
func (t *Task) Reschedule(due string) ([]domain.Event, error) {
	if err := t.open(); err != nil {
		return nil, err
	}
	d, err := ParseDate("due", due)
	if err != nil || d == t.due {
		return nil, err
	}
	return []domain.Event{TaskRescheduled{TaskID: t.ID(), Due: d}}, nil
}

// ChangeDetails decides the task's complete new title, description and
// priority. An erased task's text cannot be written again: its key is gone.
func (t *Task) ChangeDetails(title, description, priority string) ([]domain.Event, error) {
	if err := t.open(); err != nil {
		return nil, err
	}
	if t.erased {
		return nil, erasedTask()
	}
	cleanT, titleErr := cleanTitle("title", title)
	cleanD, descErr := cleanDescription("description", description)
	p, priorityErr := ParsePriority("priority", priority)
	if err := domain.JoinProblems(titleErr, descErr, priorityErr); err != nil {
		return nil, err
	}
	text := TaskText{Title: cleanT, Description: cleanD}
	if text == t.text && p == t.priority {
		return nil, nil
	}
	return []domain.Event{TaskDetailsChanged{TaskID: t.ID(), Subject: t.Subject(), TextSubject: t.textSubject,
		Text: text, Priority: p}}, nil
}

// RedactText decides to replace the task's text with title and
// description under a new entry key; the caller destroys the key of the
// text it replaces once the event is stored. A closed task may be
// redacted. A task created before entry keys shares its key with
// everything else of its subject, so it is refused
// ("work.task.redact.shared_key").
func (t *Task) RedactText(title, description string) ([]domain.Event, error) {
	if err := t.changeable(); err != nil {
		return nil, err
	}
	if t.erased {
		return nil, erasedTask()
	}
	if t.textSubject == t.Subject() {
		return nil, domain.Conflict("this task's text is sealed with the key of everything else about its subject; it cannot be redacted on its own").
			WithCode("work.task.redact.shared_key")
	}
	cleanT, titleErr := cleanTitle("title", title)
	cleanD, descErr := cleanDescription("description", description)
	if err := domain.JoinProblems(titleErr, descErr); err != nil {
		return nil, err
	}
	return []domain.Event{TaskTextRedacted{TaskID: t.ID(), Subject: t.Subject(),
		TextSubject: taskTextKey(t.Subject(), t.ID(), t.redactions+1), Replaced: t.textSubject,
		Text: TaskText{Title: cleanT, Description: cleanD}}}, nil
}
