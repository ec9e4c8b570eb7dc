package main

import (
	"errors"

	casework "github.com/klient-crm/klient/http/casework"

	commcmd "github.com/klient-crm/klient/commands/communication"
	documentcmd "github.com/klient-crm/klient/commands/document"
	mattercmd "github.com/klient-crm/klient/commands/matter"
	workcmd "github.com/klient-crm/klient/commands/work"
	"github.com/klient-crm/klient/http/web"
	"github.com/klient-crm/klient/projections/conflicts"
)

// casework wires the web edge's daily work on matters: the matter
// commands with the conflict index they check against, and the
// communication, document and work handlers and read models.
func (a *app) casework() (casework.Deps, error) {
	m, err1 := a.matterCommands()
	c, err2 := a.communicationCommands()
	d, err3 := documentcmd.NewAttachDocumentHandler(a.documents)
	w, err4 := a.workCommands()
	return casework.Deps{
		Matters: m, MatterReads: web.MattersReadModel(a.pool),
		Communications: c, CommunicationLog: casework.CommunicationsReadModel(a.pool),
		Documents: casework.DocumentCommands{Attach: d}, Files: casework.DocumentsReadModel(a.pool, a.blobs),
		Work: w, WorkReads: casework.WorkReadModel(a.pool),
	}, errors.Join(err1, err2, err3, err4)
}

func (a *app) matterCommands() (casework.MatterCommands, error) {
	repo, err := mattercmd.NewMatters(a.store, a.codec, now, mattercmd.MatterConfig{})
	if err != nil {
		return casework.MatterCommands{}, err
	}
	checker, err := conflicts.NewChecker(a.pool)
	if err != nil {
		return casework.MatterCommands{}, err
	}
	open, err1 := mattercmd.NewOpenMatterHandler(repo)
	details, err2 := mattercmd.NewMatterDetailsHandler(repo)
	parties, err3 := mattercmd.NewMatterPartiesHandler(repo)
	lifecycle, err4 := mattercmd.NewMatterLifecycleHandler(repo)
	apply, err7 := workcmd.NewApplyWorkflowTemplateHandler(a.work)
	if err := errors.Join(err4, err7); err != nil {
		return casework.MatterCommands{}, err
	}
	lifecycle.WithWorkflowTemplates(apply)
	check, err5 := mattercmd.NewConflictCheckHandler(repo, checker, checker)
	staffing, err6 := mattercmd.NewMatterStaffingHandler(repo)
	return casework.MatterCommands{Open: open, Details: details, Parties: parties, Lifecycle: lifecycle,
		Conflicts: check, Staffing: staffing, PracticeAreas: repo.PracticeAreas}, errors.Join(err1, err2, err3, err4, err5, err6)
}

func (a *app) communicationCommands() (casework.CommunicationCommands, error) {
	log, err1 := commcmd.NewLogCommunicationHandler(a.communications)
	followUps, err2 := commcmd.NewFollowUpHandler(a.communications)
	correct, err3 := commcmd.NewCorrectCommunicationHandler(a.communications)
	return casework.CommunicationCommands{Log: log, FollowUps: followUps, Correct: correct}, errors.Join(err1, err2, err3)
}

func (a *app) workCommands() (casework.WorkCommands, error) {
	create, err1 := workcmd.NewCreateTaskHandler(a.work)
	status, err2 := workcmd.NewTaskStatusHandler(a.work)
	set, err3 := workcmd.NewSetDeadlineHandler(a.work)
	deadlines, err4 := workcmd.NewDeadlineUpdateHandler(a.work)
	update, err5 := workcmd.NewTaskUpdateHandler(a.work)
	return casework.WorkCommands{CreateTask: create, TaskStatus: status, TaskUpdate: update, SetDeadline: set, Deadlines: deadlines},
		errors.Join(err1, err2, err3, err4, err5)
}
