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
	return []domain.Event{TaskDetailsChanged{TaskID: t.ID(), Subject: t.Subject(), Text: text, Priority: p}}, nil
}
