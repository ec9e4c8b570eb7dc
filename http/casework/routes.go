package casework

import (
	"net/http"

	"github.com/go-chi/chi/v5"

	"github.com/klient-crm/klient/domain/access"
)

// MatterPages are the matter list, intake and the matter page with its
// tabs. Every route that names a matter passes inMatter first: a matter
// the member may not see answers 404, exactly like an unknown one. What
// cannot be undone (archiving, closing, removing a party, ending a grant,
// declining the engagement) asks first (web.Confirm).
func (s *Handlers) MatterPages(r chi.Router) {
	s.Route(r, http.MethodGet, "/matters", access.MatterView, s.listMatters)
	s.Route(r, http.MethodPost, "/matters/search", access.MatterView, s.searchMatters)
	s.Route(r, http.MethodGet, "/matters/new", access.MatterCreate, s.newMatter)
	s.Route(r, http.MethodPost, "/matters/new", access.MatterCreate, s.searchIntakeClient)
	s.Route(r, http.MethodPost, "/matters", access.MatterCreate, s.createMatter)
	for _, t := range matterTabs {
		pattern := "/matters/{id}"
		if t.slug != "" {
			pattern += "/" + t.slug
		}
		s.Route(r, http.MethodGet, pattern, access.MatterView, s.matterTabPage(t.slug), s.InMatter)
	}
	s.Route(r, http.MethodGet, "/matters/{id}/edit", access.MatterEdit, s.editMatter, s.InMatter)
	s.Route(r, http.MethodPost, "/matters/{id}", access.MatterEdit, s.updateMatter, s.InMatter)
	s.Route(r, http.MethodPost, "/matters/{id}/parties/search", access.MatterEdit, s.searchParty, s.InMatter)
	s.Route(r, http.MethodPost, "/matters/{id}/parties", access.MatterEdit, s.addParty, s.InMatter)
	s.Route(r, http.MethodPost, "/matters/{id}/parties/{party}", access.MatterEdit, s.changePartyRole, s.InMatter)
	s.Route(r, http.MethodPost, "/matters/{id}/parties/{party}/remove", access.MatterEdit, s.removeParty, s.InMatter, s.Confirm(s.askRemoveParty))
	s.Route(r, http.MethodPost, "/matters/{id}/team", access.MatterEdit, s.changeTeam, s.InMatter)
	s.Route(r, http.MethodPost, "/matters/{id}/grants", access.MatterEdit, s.grantAccess, s.InMatter)
	s.Route(r, http.MethodPost, "/matters/{id}/grants/{staff}/revoke", access.MatterEdit, s.revokeAccess, s.InMatter, s.Confirm(s.askRevokeAccess))
	s.Route(r, http.MethodPost, "/matters/{id}/conflict-check", access.MatterConflictDecide, s.runConflictCheck, s.InMatter)
	s.Route(r, http.MethodPost, "/matters/{id}/conflict-decision", access.MatterConflictDecide, s.decideConflict, s.InMatter, s.Confirm(s.askDecline))
	s.Route(r, http.MethodPost, "/matters/{id}/activate", access.MatterConflictDecide, s.activateMatter, s.InMatter)
	s.Route(r, http.MethodPost, "/matters/{id}/close", access.MatterClose, s.closeMatter, s.InMatter, s.Confirm(s.askClose))
	s.Route(r, http.MethodPost, "/matters/{id}/reopen", access.MatterClose, s.reopenMatter, s.InMatter)
	s.Route(r, http.MethodPost, "/matters/{id}/archive", access.MatterClose, s.archiveMatter, s.InMatter, s.Confirm(s.askArchive))
	s.Route(r, http.MethodPost, "/matters/{id}/notes", access.MatterEdit, s.addMatterNote, s.InMatter)
	s.Route(r, http.MethodPost, "/matters/{id}/communications", access.CommunicationLog, s.logMatterCommunication, s.InMatter)
	// A letter is previewed (GET, IDs only in the URL) before it is sent:
	// the preview is its confirmation, showing exactly what will go.
	s.Route(r, http.MethodGet, "/matters/{id}/letter", access.CommunicationLog, s.letterForm, s.InMatter)
	s.Route(r, http.MethodPost, "/matters/{id}/letter", access.CommunicationLog, s.sendLetter, s.InMatter)
	s.Route(r, http.MethodGet, "/matters/{id}/letters/{entry}", access.CommunicationLog, s.printLetter, s.InMatter)
	s.Route(r, http.MethodGet, "/matters/{id}/automatic", access.CommunicationLog, s.automaticForm, s.InMatter)
	s.Route(r, http.MethodPost, "/matters/{id}/automatic", access.CommunicationLog, s.saveAutomatic, s.InMatter)
	s.Route(r, http.MethodPost, "/matters/{id}/tasks", access.TaskManage, s.createMatterTask, s.InMatter)
	s.Route(r, http.MethodPost, "/matters/{id}/deadlines", access.DeadlineManage, s.setDeadline, s.InMatter)
	s.conflicts.Pages(r)
	s.docs.Pages(r)
}

// WorkPages are the start page of a member's day, tasks, deadlines,
// follow-ups, a contact's communication log and the calendar feed.
func (s *Handlers) WorkPages(r chi.Router) {
	s.Route(r, http.MethodGet, "/work", access.TaskManage, s.workPage)
	s.Route(r, http.MethodPost, "/tasks", access.TaskManage, s.createTask)
	s.Route(r, http.MethodPost, "/tasks/{id}/complete", access.TaskManage, s.completeTask)
	s.Route(r, http.MethodPost, "/tasks/{id}/start", access.TaskManage, s.taskAction("started", s.taskStatus(TaskStatus.HandleStart)))
	s.Route(r, http.MethodPost, "/tasks/{id}/cancel", access.TaskManage, s.taskAction("cancelled", s.taskStatus(TaskStatus.HandleCancel)))
	s.Route(r, http.MethodPost, "/tasks/{id}/reopen", access.TaskManage, s.taskAction("task_reopened", s.taskStatus(TaskStatus.HandleReopen)))
	s.Route(r, http.MethodPost, "/tasks/{id}/assignee", access.TaskManage, s.taskAction("task_saved", s.reassignTask))
	s.Route(r, http.MethodPost, "/tasks/{id}/due", access.TaskManage, s.taskAction("task_saved", s.rescheduleTask))
	s.Route(r, http.MethodPost, "/deadlines/{id}/met", access.DeadlineManage, s.meetDeadline)
	s.Route(r, http.MethodPost, "/deadlines/{id}/move", access.DeadlineManage, s.deadlineAction("moved", s.moveDeadline))
	s.Route(r, http.MethodPost, "/deadlines/{id}/cancel", access.DeadlineManage, s.deadlineAction("deadline_cancelled", s.cancelDeadline),
		s.Confirm(s.askCancelDeadline))
	s.Route(r, http.MethodPost, "/follow-ups/{id}/done", access.CommunicationLog, s.clearFollowUp)
	s.Route(r, http.MethodGet, "/communications/{id}/edit", access.CommunicationLog, s.correctCommunicationForm)
	s.Route(r, http.MethodPost, "/communications/{id}", access.CommunicationLog, s.correctCommunication)
	s.Route(r, http.MethodGet, "/communications/{id}", access.CommunicationLog, s.showCommunication)
	s.Route(r, http.MethodGet, "/communications/{id}/special-category", access.SensitiveRead, s.entrySpecialForm)
	s.Route(r, http.MethodPost, "/communications/{id}/special-category", access.SensitiveRead, s.saveEntrySpecial,
		s.Confirm(s.askMarkEntry))
	s.Route(r, http.MethodGet, "/contacts/{id}/communications", access.CommunicationLog, s.contactCommunications, s.Unwalled)
	s.Route(r, http.MethodPost, "/contacts/{id}/communications", access.CommunicationLog, s.logContactCommunication, s.Unwalled)
	s.Route(r, http.MethodGet, "/mail/held", access.CommunicationLog, s.heldMailPage)
	s.Route(r, http.MethodPost, "/mail/held/{id}/file", access.CommunicationLog, s.fileHeldMail)
	s.Route(r, http.MethodPost, "/mail/held/{id}/discard", access.CommunicationLog, s.discardHeldMail, s.Confirm(s.askDiscardHeld))
	s.Route(r, http.MethodPost, "/account/calendar", access.CalendarFeed, s.createFeed)
	s.Route(r, http.MethodPost, "/account/calendar/revoke", access.CalendarFeed, s.revokeFeed, s.Confirm(s.askRevokeFeed))
}

// Uploads take documents: their bodies may be as large as the upload
// limit allows, so they sit apart from the forms and the JSON API.
func (s *Handlers) Uploads(r chi.Router) {
	s.docs.Uploads(r)
	s.conflicts.Uploads(r)
}

// API is the JSON API of matters, communications, tasks,
// deadlines and document downloads.
func (s *Handlers) API(r chi.Router) {
	s.Route(r, http.MethodGet, "/api/v1/matters", access.MatterView, s.apiListMatters)
	s.Route(r, http.MethodPost, "/api/v1/matters", access.MatterCreate, s.apiCreateMatter)
	s.conflicts.API(r)
	s.Route(r, http.MethodGet, "/api/v1/matters/{id}", access.MatterView, s.apiGetMatter, s.InMatter)
	s.Route(r, http.MethodPatch, "/api/v1/matters/{id}", access.MatterEdit, s.apiPatchMatter, s.InMatter)
	s.Route(r, http.MethodGet, "/api/v1/matters/{id}/parties", access.MatterView, s.apiListParties, s.InMatter)
	s.Route(r, http.MethodPost, "/api/v1/matters/{id}/parties", access.MatterEdit, s.apiAddParty, s.InMatter)
	s.Route(r, http.MethodPost, "/api/v1/matters/{id}/conflict-checks", access.MatterConflictDecide, s.apiRunConflictCheck, s.InMatter)
	s.Route(r, http.MethodPost, "/api/v1/matters/{id}/conflict-checks/decision", access.MatterConflictDecide, s.apiDecideConflict, s.InMatter)
	s.Route(r, http.MethodPost, "/api/v1/matters/{id}/activate", access.MatterConflictDecide, s.apiActivateMatter, s.InMatter)
	s.Route(r, http.MethodPost, "/api/v1/matters/{id}/archive", access.MatterClose, s.apiArchiveMatter, s.InMatter)
	s.Route(r, http.MethodPost, "/api/v1/matters/{id}/notes", access.MatterEdit, s.apiAddNote, s.InMatter)
	s.Route(r, http.MethodPost, "/api/v1/matters/{id}/letters/preview", access.CommunicationLog, s.apiPreviewLetter, s.InMatter)
	s.Route(r, http.MethodPost, "/api/v1/matters/{id}/letters", access.CommunicationLog, s.apiSendLetter, s.InMatter)
	s.Route(r, http.MethodGet, "/api/v1/matters/{id}/automatic-messages", access.CommunicationLog, s.apiGetAutomatic, s.InMatter)
	s.Route(r, http.MethodPut, "/api/v1/matters/{id}/automatic-messages", access.CommunicationLog, s.apiPutAutomatic, s.InMatter)
	s.Route(r, http.MethodGet, "/api/v1/mail/held", access.CommunicationLog, s.apiHeldMail)
	s.Route(r, http.MethodPost, "/api/v1/mail/held/{id}/file", access.CommunicationLog, s.apiFileHeldMail)
	s.Route(r, http.MethodPost, "/api/v1/mail/held/{id}/discard", access.CommunicationLog, s.apiDiscardHeldMail)
	s.Route(r, http.MethodGet, "/api/v1/communications", access.CommunicationLog, s.apiListCommunications)
	s.Route(r, http.MethodPost, "/api/v1/communications", access.CommunicationLog, s.apiLogCommunication)
	s.Route(r, http.MethodPatch, "/api/v1/communications/{id}", access.CommunicationLog, s.apiCorrectCommunication)
	s.Route(r, http.MethodGet, "/api/v1/communications/{id}", access.CommunicationLog, s.apiGetCommunication)
	s.Route(r, http.MethodGet, "/api/v1/communications/{id}/special-category", access.SensitiveRead, s.apiEntrySpecial)
	s.Route(r, http.MethodPut, "/api/v1/communications/{id}/special-category", access.SensitiveRead, s.apiEntrySpecial)
	s.Route(r, http.MethodGet, "/api/v1/tasks", access.TaskManage, s.apiListTasks)
	s.Route(r, http.MethodPost, "/api/v1/tasks", access.TaskManage, s.apiCreateTask)
	s.Route(r, http.MethodPost, "/api/v1/tasks/{id}/complete", access.TaskManage, s.apiCompleteTask)
	s.Route(r, http.MethodPatch, "/api/v1/tasks/{id}", access.TaskManage, s.apiPatchTask)
	s.Route(r, http.MethodPost, "/api/v1/tasks/{id}/cancel", access.TaskManage, s.apiCancelTask)
	s.Route(r, http.MethodGet, "/api/v1/deadlines", access.DeadlineManage, s.apiListDeadlines)
	s.Route(r, http.MethodPost, "/api/v1/deadlines", access.DeadlineManage, s.apiSetDeadline)
	s.Route(r, http.MethodPatch, "/api/v1/deadlines/{id}", access.DeadlineManage, s.apiPatchDeadline)
	s.Route(r, http.MethodPost, "/api/v1/deadlines/{id}/cancel", access.DeadlineManage, s.apiCancelDeadline)
	s.docs.API(r)
}

// CalendarPages are the calendar feeds: public, since a calendar program
// signs in with the feed's secret token alone.
func (s *Handlers) CalendarPages(r chi.Router) {
	s.Public(r, http.MethodGet, "/calendar/{token}.ics", s.calendarFeed)
}
