package work

import "github.com/klient-crm/klient/domain"

// Start decides that someone is working on the task; a task in progress
// decides nothing.
func (t *Task) Start() ([]domain.Event, error) {
	if err := t.open(); err != nil || t.status == TaskStatusInProgress {
		return nil, err
	}
	return []domain.Event{TaskStarted{TaskID: t.ID()}}, nil
}

// Complete decides that the task is done; a done task decides nothing, so
// a double click is harmless. A cancelled task must be reopened first.
func (t *Task) Complete() ([]domain.Event, error) {
	if err := t.changeable(); err != nil || t.status == TaskStatusDone {
		return nil, err
	}
	if t.status == TaskStatusCancelled {
		return nil, invalid("", "work.task.closed", "this task is cancelled: reopen it first")
	}
	return []domain.Event{TaskCompleted{TaskID: t.ID()}}, nil
}

// Reopen decides that a done or cancelled task is open again; an open task
// decides nothing.
func (t *Task) Reopen() ([]domain.Event, error) {
	if err := t.changeable(); err != nil || !t.status.Closed() {
		return nil, err
	}
	return []domain.Event{TaskReopened{TaskID: t.ID()}}, nil
}

// Cancel decides that the task will not be done; a cancelled task decides
// nothing. A done task stays done: reopen it first.
func (t *Task) Cancel() ([]domain.Event, error) {
	if err := t.changeable(); err != nil || t.status == TaskStatusCancelled {
		return nil, err
	}
	if t.status == TaskStatusDone {
		return nil, invalid("", "work.task.closed", "this task is done: reopen it first")
	}
	return []domain.Event{TaskCancelled{TaskID: t.ID()}}, nil
}
