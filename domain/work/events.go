package work

import "github.com/klient-crm/klient/domain"

// Events lists one value of every work event, for codec registration.
func Events() []domain.Event {
	return []domain.Event{
		TaskCreated{}, TaskReassigned{}, TaskRescheduled{}, TaskDetailsChanged{},
		TaskStarted{}, TaskCompleted{}, TaskReopened{}, TaskCancelled{}, TaskTextRedacted{},
		DeadlineSet{}, DeadlineMoved{}, DeadlineMet{}, DeadlineCancelled{}, ReminderRaised{}, DeadlineConcernChanged{},
		WorkflowTemplateDefined{}, WorkflowTemplateChanged{},
	}
}
