package webapp

import (
	"context"
	"errors"
	"time"

	cddcmd "github.com/klient-crm/klient/commands/cdd"
	commcmd "github.com/klient-crm/klient/commands/communication"
	contactcmd "github.com/klient-crm/klient/commands/contact"
	documentcmd "github.com/klient-crm/klient/commands/document"
	dpocmd "github.com/klient-crm/klient/commands/dpo"
	gdprcmd "github.com/klient-crm/klient/commands/gdpr"
	mattercmd "github.com/klient-crm/klient/commands/matter"
	staffcmd "github.com/klient-crm/klient/commands/staff"
	workcmd "github.com/klient-crm/klient/commands/work"
	"github.com/klient-crm/klient/domain/communication"
	"github.com/klient-crm/klient/domain/gdpr"
	klienthttp "github.com/klient-crm/klient/http"
	adminpages "github.com/klient-crm/klient/http/admin"
	auditpages "github.com/klient-crm/klient/http/audit"
	"github.com/klient-crm/klient/http/casework"
	cddpages "github.com/klient-crm/klient/http/cdd"
	contactpages "github.com/klient-crm/klient/http/contacts"
	dpopages "github.com/klient-crm/klient/http/dpo"
	integrationpages "github.com/klient-crm/klient/http/integrations"
	reportpages "github.com/klient-crm/klient/http/reports"
	requestpages "github.com/klient-crm/klient/http/requests"
	"github.com/klient-crm/klient/http/web"
	"github.com/klient-crm/klient/internal/backup"
	"github.com/klient-crm/klient/internal/contactimport"
	"github.com/klient-crm/klient/internal/erasure"
	"github.com/klient-crm/klient/internal/webhooks"
	"github.com/klient-crm/klient/projections/accesslog"
	"github.com/klient-crm/klient/projections/audit/history"
	cddmodel "github.com/klient-crm/klient/projections/cdd"
	"github.com/klient-crm/klient/projections/conflicts"
	"github.com/klient-crm/klient/projections/documents"
	dpomodel "github.com/klient-crm/klient/projections/dpo"
	gdprmodel "github.com/klient-crm/klient/projections/gdpr"
	"github.com/klient-crm/klient/projections/integrations"
	"github.com/klient-crm/klient/projections/matters"
	"github.com/klient-crm/klient/projections/outbox"
	"github.com/klient-crm/klient/projections/reports"
)

// assembly is one building of the web edge's dependencies.
type assembly struct {
	Parts
	Options
	cfg klienthttp.Config // with its defaults
}

// people wires the contacts context: the contact commands over
// Parts.Contacts, and a person's privacy.
func (b assembly) people(ctx context.Context) (contactpages.Deps, error) {
	commands, err := b.contactCommands()
	if err != nil {
		return contactpages.Deps{}, err
	}
	privacy, err := b.privacy(ctx)
	if err != nil {
		return contactpages.Deps{}, err
	}
	campaigns, err := b.campaigns()
	im := &contactimport.Importer{Contacts: b.Contacts, Subjects: b.Subjects, Keys: b.Keys, DB: b.Pool, Purposes: privacy.Purposes}
	if err != nil {
		return contactpages.Deps{}, err
	}
	mark, err := dpocmd.NewMarkContactSpecialCategoryHandler(b.Store, b.Codec, b.Clock)
	return contactpages.Deps{Commands: commands, Privacy: privacy, Campaigns: campaigns, Import: im,
		Duplicates: contactpages.DuplicatesReadModel(b.Pool),
		Special:    contactpages.SpecialMarking{Mark: mark, Marks: dpomodel.ContactMarksIn{DB: b.Pool}}}, err
}

// campaigns wires the marketing role's campaigns: the audience query,
// the command that queues them and the outbox's reports.
func (b assembly) campaigns() (contactpages.Campaigns, error) {
	repo, err := commcmd.NewCommunications(b.Store, b.Codec, b.Clock)
	if err != nil {
		return contactpages.Campaigns{}, err
	}
	send, err := commcmd.NewSendCampaignHandler(repo)
	if err != nil {
		return contactpages.Campaigns{}, err
	}
	schedules, err := commcmd.NewScheduleHandler(repo)
	pool := b.Pool
	return contactpages.Campaigns{Send: send, Schedules: schedules, PublicURL: b.PublicURL,
		Waiting: func(ctx context.Context) ([]outbox.ScheduledCampaign, error) {
			return outbox.WaitingCampaigns(ctx, pool)
		},
		Record: repo.LoadCampaign, Deliveries: outbox.NewDeliveries(pool),
		Audience: func(ctx context.Context, purpose string, clientsSince time.Time, limit int) ([]outbox.AudienceMember, error) {
			return outbox.Audience(ctx, pool, purpose, clientsSince, limit)
		},
		ClientMonths: b.CampaignClientMonths,
		Template: func(ctx context.Context, id string) (communication.LetterTemplateText, bool, error) {
			all, _, err := repo.LoadLetterTemplates(ctx)
			if err != nil {
				return communication.LetterTemplateText{}, false, err
			}
			t := all.Template(id)
			if t == nil || !t.Exists() || t.Retired() {
				return communication.LetterTemplateText{}, false, nil
			}
			return t.Text(), true, nil
		}}, err
}

func (b assembly) contactCommands() (contactpages.ContactCommands, error) {
	c := b.Contacts
	register, err1 := contactcmd.NewRegisterPersonHandler(c)
	registerOrg, err2 := contactcmd.NewRegisterOrganisationHandler(c)
	change, err3 := contactcmd.NewChangeContactDetailsHandler(c)
	archive, err4 := contactcmd.NewArchiveContactHandler(c)
	reactivate, err5 := contactcmd.NewReactivateContactHandler(c)
	affiliate, err6 := contactcmd.NewAddAffiliationHandler(c)
	endAffiliation, err7 := contactcmd.NewEndAffiliationHandler(c)
	relationships, err8 := contactcmd.NewRelationshipHandler(c)
	merge, err9 := contactcmd.NewMergeContactsHandler(c)
	return contactpages.ContactCommands{
		RegisterPerson: register, RegisterOrganisation: registerOrg,
		ChangeDetails: change, Archive: archive, Reactivate: reactivate,
		Links: contactpages.LinkCommands{AddAffiliation: affiliate, EndAffiliation: endAffiliation, Relationships: relationships},
		Merge: merge,
	}, errors.Join(err1, err2, err3, err4, err5, err6, err7, err8, err9)
}

// privacy wires a person's privacy: the register's command handlers over
// Parts.Subjects, its read model, and the signer of withdrawal links with
// the fleet's key (the handler that honours a link checks it with the
// same key). The purposes are the ones Parts.Subjects was made with.
func (b assembly) privacy(ctx context.Context) (contactpages.Privacy, error) {
	links, err := gdprmodel.LoadWithdrawalLinks(ctx, b.Pool)
	if err != nil {
		return contactpages.Privacy{}, err
	}
	s := b.Subjects
	d := contactpages.Privacy{Links: links, Purposes: gdpr.DefaultPurposes, Register: contactpages.PrivacyReadModel(b.Pool)}
	var errs [9]error
	d.RecordBasis, errs[0] = gdprcmd.NewRecordLawfulBasisHandler(s)
	d.EndBasis, errs[1] = gdprcmd.NewEndLawfulBasisHandler(s)
	d.GiveConsent, errs[2] = gdprcmd.NewGiveConsentHandler(s)
	d.WithdrawConsent, errs[3] = gdprcmd.NewWithdrawConsentHandler(s)
	d.WithdrawByLink, errs[4] = gdprcmd.NewWithdrawConsentByLinkHandler(s, links)
	d.Object, errs[5] = gdprcmd.NewRecordObjectionHandler(s)
	d.Restrict, errs[6] = gdprcmd.NewApplyRestrictionHandler(s)
	d.Lift, errs[7] = gdprcmd.NewLiftRestrictionHandler(s)
	d.ObjectByLink, errs[8] = gdprcmd.NewObjectToMarketingByLinkHandler(s, links)
	return d, errors.Join(errs[:]...)
}

// accessCommands are the staff and wall handlers the admin pages use.
func (b assembly) accessCommands() (adminpages.AccessCommands, error) {
	walls, err := staffcmd.NewWalls(b.Store, b.Codec, b.Clock)
	if err != nil {
		return adminpages.AccessCommands{}, err
	}
	register, err1 := staffcmd.NewRegisterStaffMemberHandler(b.Staff)
	roles, err2 := staffcmd.NewChangeStaffRolesHandler(b.Staff)
	activation, err3 := staffcmd.NewStaffActivationHandler(b.Staff)
	erect, err4 := staffcmd.NewErectWallHandler(walls)
	lift, err5 := staffcmd.NewLiftWallHandler(walls)
	return adminpages.AccessCommands{RegisterStaff: register, ChangeRoles: roles, Activation: activation,
		ErectWall: erect, LiftWall: lift}, errors.Join(err1, err2, err3, err4, err5)
}

// casework wires the daily work on matters: the matter commands with the
// conflict index they check against, and the communication, document
// and work handlers and read models.
func (b assembly) casework() (casework.Deps, error) {
	blobs, err := documents.NewStore(b.Pool, b.Keys, documents.Config{})
	if err != nil {
		return casework.Deps{}, err
	}
	m, err1 := b.matterCommands()
	c, err2 := b.communicationCommands()
	d, err3 := b.documentCommands(blobs)
	w, err4 := b.workCommands()
	l, err5 := b.letterCommands()
	held, err6 := b.heldMail()
	return casework.Deps{
		Matters: m, MatterReads: web.MattersReadModel(b.Pool),
		Communications: c, CommunicationLog: casework.CommunicationsReadModel(b.Pool),
		Documents: d, Files: casework.DocumentsReadModel(b.Pool, blobs),
		Work: w, WorkReads: casework.WorkReadModel(b.Pool),
		Letters: l, Firm: b.Export.Controller.Name, HeldMail: held,
		DueDiligence: cddmodel.NewWatcher(b.Pool, b.DueDiligenceReviews, b.Clock),
	}, errors.Join(err1, err2, err3, err4, err5, err6)
}

// letterTemplates are the administrators' letter templates: the template
// commands with the repository that reads their stream.
func (b assembly) letterTemplates() (letterTemplates, error) {
	repo, err := commcmd.NewCommunications(b.Store, b.Codec, b.Clock)
	if err != nil {
		return letterTemplates{}, err
	}
	h, err := commcmd.NewLetterTemplates(repo)
	return letterTemplates{LetterTemplates: h, Communications: repo}, err
}

// letterTemplates joins the template commands and their reader into
// adminpages.LetterTemplates.
type letterTemplates struct {
	*commcmd.LetterTemplates
	*commcmd.Communications
}

// letterCommands send letters from the templates in their stream.
func (b assembly) letterCommands() (casework.LetterCommands, error) {
	repo, err := commcmd.NewCommunications(b.Store, b.Codec, b.Clock)
	if err != nil {
		return casework.LetterCommands{}, err
	}
	send, err1 := commcmd.NewSendLetterHandler(repo)
	automatic, err2 := commcmd.NewAutomaticMessagesHandler(repo)
	return casework.LetterCommands{Send: send, Templates: repo, Deliveries: outbox.NewDeliveries(b.Pool), Automatic: automatic},
		errors.Join(err1, err2)
}

func (b assembly) matterCommands() (casework.MatterCommands, error) {
	repo, err := mattercmd.NewMatters(b.Store, b.Codec, b.Clock, mattercmd.MatterConfig{DueDiligenceAreas: b.DueDiligenceAreas})
	if err != nil {
		return casework.MatterCommands{}, err
	}
	records, err := cddcmd.NewRecords(b.Store, b.Codec, b.Clock)
	if err != nil {
		return casework.MatterCommands{}, err
	}
	// A check waits for the index as a page waits for its own write, and
	// is refused rather than answered from an index behind the log.
	checker, err := conflicts.NewChecker(b.Pool, conflicts.FollowingLog(b.Store, b.cfg.ReadYourWrites),
		conflicts.FollowingLinks(b.ConflictDepth))
	if err != nil {
		return casework.MatterCommands{}, err
	}
	open, err1 := mattercmd.NewOpenMatterHandler(repo)
	details, err2 := mattercmd.NewMatterDetailsHandler(repo)
	parties, err3 := mattercmd.NewMatterPartiesHandler(repo)
	lifecycle, err4 := mattercmd.NewMatterLifecycleHandler(repo)
	apply, err7 := workcmd.NewApplyWorkflowTemplateHandler(b.Work)
	if err := errors.Join(err4, err7); err != nil {
		return casework.MatterCommands{}, err
	}
	lifecycle.WithWorkflowTemplates(apply).WithDueDiligence(records)
	check, err5 := mattercmd.NewConflictCheckHandler(repo, checker, checker)
	staffing, err6 := mattercmd.NewMatterStaffingHandler(repo)
	return casework.MatterCommands{Open: open, Details: details, Parties: parties, Lifecycle: lifecycle,
		Conflicts: check, Staffing: staffing, PracticeAreas: repo.PracticeAreas}, errors.Join(err1, err2, err3, err4, err5, err6)
}

func (b assembly) communicationCommands() (casework.CommunicationCommands, error) {
	repo, err := commcmd.NewCommunications(b.Store, b.Codec, b.Clock)
	if err != nil {
		return casework.CommunicationCommands{}, err
	}
	log, err1 := commcmd.NewLogCommunicationHandler(repo)
	followUps, err2 := commcmd.NewFollowUpHandler(repo)
	correct, err3 := commcmd.NewCorrectCommunicationHandler(repo)
	special, err4 := dpocmd.NewMarkCommunicationSpecialHandler(b.Store, b.Codec, b.Clock)
	return casework.CommunicationCommands{Log: log, FollowUps: followUps, Correct: correct, MarkSpecial: special},
		errors.Join(err1, err2, err3, err4)
}

// documentCommands attach documents whose bytes go to blobs, each at most
// the web edge's upload limit.
func (b assembly) documentCommands(blobs *documents.Store) (casework.DocumentCommands, error) {
	repo, err := documentcmd.NewDocuments(b.Store, b.Codec, b.Clock, blobs, b.cfg.MaxUploadBytes)
	if err != nil {
		return casework.DocumentCommands{}, err
	}
	attach, err := documentcmd.NewAttachDocumentHandler(repo)
	if err != nil {
		return casework.DocumentCommands{}, err
	}
	special, err := dpocmd.NewMarkSpecialCategoryHandler(b.Store, b.Codec, b.Clock)
	return casework.DocumentCommands{Attach: attach, MarkSpecial: special}, err
}

func (b assembly) workCommands() (casework.WorkCommands, error) {
	create, err1 := workcmd.NewCreateTaskHandler(b.Work)
	status, err2 := workcmd.NewTaskStatusHandler(b.Work)
	set, err3 := workcmd.NewSetDeadlineHandler(b.Work)
	deadlines, err4 := workcmd.NewDeadlineUpdateHandler(b.Work)
	update, err5 := workcmd.NewTaskUpdateHandler(b.Work)
	return casework.WorkCommands{CreateTask: create, TaskStatus: status, TaskUpdate: update, SetDeadline: set, Deadlines: deadlines},
		errors.Join(err1, err2, err3, err4, err5)
}

// erasures are the erasure jobs over the app's parts: the web edge's
// executor and verification are the scheduler's.
func (b assembly) erasures() erasure.Jobs {
	return erasure.Jobs{Pool: b.Pool, Store: b.Store, Codec: b.Codec, Keys: b.Keys, Runtime: b.Runtime, Log: b.Logger, Clock: b.Clock,
		Journal: backup.Journaller(b.TombstoneJournal)}
}

// requests wires the DPO's register: the request handlers over
// Parts.Requests, the erasure planner and executor under the firm's
// schedule (the same executor as the scheduler's), and the register's
// read model with the access package's options (the same as `klient
// subjects export`).
func (b assembly) requests() (requestpages.Deps, error) {
	var d requestpages.Deps
	var errs [7]error
	d.Receive, errs[0] = gdprcmd.NewReceiveRequestHandler(b.Requests)
	d.Verify, errs[1] = gdprcmd.NewVerifyRequestIdentityHandler(b.Requests)
	d.Extend, errs[2] = gdprcmd.NewExtendRequestDeadlineHandler(b.Requests)
	d.Complete, errs[3] = gdprcmd.NewCompleteRequestHandler(b.Requests)
	d.Refuse, errs[4] = gdprcmd.NewRefuseRequestHandler(b.Requests)
	d.Plan, errs[5] = gdprcmd.NewRequestErasureHandler(b.Subjects, b.Requests, matters.NewSubjectFacts(b.Pool), b.Retention)
	d.Erase, errs[6] = b.erasures().Executor(b.Retention, b.Clock)
	if err := errors.Join(errs[:]...); err != nil {
		return requestpages.Deps{}, err
	}
	d.VerifyErasure = b.VerifyErasure
	if d.VerifyErasure == nil {
		d.VerifyErasure = b.verifyInBackground
	}
	export := b.Export
	if export.HeldMail == nil && b.Keys != nil {
		export.HeldMail = b.Keys // the held mail from or to the person, found by their addresses' keyed hashes
	}
	records, err := cddcmd.NewRecords(b.Store, b.Codec, b.Clock)
	if err != nil {
		return requestpages.Deps{}, err
	}
	export.DueDiligence = records
	export.Keys = b.Keys // the access package opens the access log's purposes
	d.Register = requestpages.RequestsReadModel(b.Pool, export)
	comms, err := commcmd.NewCommunications(b.Store, b.Codec, b.Clock)
	if err != nil {
		return requestpages.Deps{}, err
	}
	var err1, err2 error
	keys := b.erasures().KeyShredder() // journalled: a restore must not bring a redacted text back
	d.RedactCommunication, err1 = commcmd.NewRedactCommunicationHandler(comms, keys)
	d.RedactTask, err2 = workcmd.NewRedactTaskHandler(b.Work, keys)
	if err2 == nil {
		d.RedactDeadline, err2 = workcmd.NewRedactDeadlineHandler(b.Work, keys)
	}
	matterRepo, err3 := mattercmd.NewMatters(b.Store, b.Codec, b.Clock, mattercmd.MatterConfig{DueDiligenceAreas: b.DueDiligenceAreas})
	if err3 == nil {
		d.RedactNote, err3 = mattercmd.NewRedactNoteHandler(matterRepo, keys)
	}
	if err3 == nil {
		d.RedactDetails, err3 = mattercmd.NewRedactDetailsHandler(matterRepo, keys)
	}
	d.RedactPurpose = func(ctx context.Context, entryID int64) error {
		_, err := accesslog.RedactPurpose(ctx, b.Pool, keys.ShredKey, entryID)
		return err
	}
	d.Mentions = gdprmodel.NewLedger(b.Pool)
	d.Breaches, d.Clock = dpopages.BreachesReadModel(b.Pool), b.Clock
	return d, errors.Join(err1, err2, err3)
}

// verifyInBackground verifies a web erasure as the scheduler does, but
// after the response: waiting for every projector may take up to
// erasure.VerifyWait, too long to hold a browser. The certificate page
// says "not yet verified" until the count is filed; a residue is logged
// as an error, as the scheduler's is.
func (b assembly) verifyInBackground(ctx context.Context, res gdprcmd.ErasureResult) {
	go b.erasures().Verify(context.WithoutCancel(ctx), res)
}

// registers wire the DPO's own registers: the breach commands over the
// log on the app's clock (which reads the 72-hour clocks too), the
// register's read model, and the firm as IMY's form names it (the same
// controller as the access package's).
func (b assembly) registers() (dpopages.Deps, error) {
	repo, err := dpocmd.NewBreaches(b.Store, b.Codec, b.Clock)
	if err != nil {
		return dpopages.Deps{}, err
	}
	c := b.Export.Controller
	d := dpopages.Deps{Register: dpopages.BreachesReadModel(b.Pool), Clock: b.Clock,
		Controller: dpopages.Controller{Name: c.Name, OrganisationNumber: c.OrganisationNumber, Contact: c.Contact},
		Purposes:   gdpr.DefaultPurposes, Retention: b.Retention}
	if d.Retention == nil {
		d.Retention = gdpr.DefaultRetentionRules
	}
	for _, r := range b.Export.Recipients {
		d.Recipients = append(d.Recipients, dpopages.Recipient{Name: r.Name, Role: r.Role, Purpose: r.Purpose, Country: r.Country})
	}
	var errs [7]error
	d.Reviews, errs[6] = dpocmd.NewAccessReviews(b.Store, b.Codec, b.Clock)
	d.ReviewEvery, d.Log = b.AccessReviewMonths, b.Runtime
	if d.ReviewEvery == 0 {
		d.ReviewEvery = 6
	}
	d.SaveImpact, errs[5] = dpocmd.NewRecordImpactAssessmentHandler(b.Store, b.Codec, b.Clock)
	d.SaveRecord, errs[3] = dpocmd.NewEditRecordHandler(b.Store, b.Codec, b.Clock)
	d.SaveProcessor, errs[4] = dpocmd.NewRecordProcessorHandler(b.Store, b.Codec, b.Clock)
	// A processor's signed agreement is kept as a document's bytes are.
	blobs, err := documents.NewStore(b.Pool, b.Keys, documents.Config{})
	if err != nil {
		return dpopages.Deps{}, err
	}
	d.Agreements = blobs
	d.AttachAgreement, err = dpocmd.NewAttachProcessorAgreementHandler(b.Store, b.Codec, b.Clock, blobs, b.cfg.MaxUploadBytes)
	if err != nil {
		return dpopages.Deps{}, err
	}
	d.Record, errs[0] = dpocmd.NewRecordBreachHandler(repo)
	d.Assess, errs[1] = dpocmd.NewAssessBreachHandler(repo)
	d.Decide, errs[2] = dpocmd.NewDecideBreachHandler(repo)
	return d, errors.Join(errs[:]...)
}

// audit wires the auditor's view: the audit trail read model and the same
// replay of the log as `klient audit replay`.
func (b assembly) audit() (auditpages.Deps, error) {
	reader, err := history.NewReader(b.Store, b.Codec)
	if err != nil {
		return auditpages.Deps{}, err
	}
	return auditpages.Deps{Trail: auditpages.AuditTrailReadModel(b.Pool), History: reader}, nil
}

// integrations are the integration feed over its read model.
func (b assembly) integrations() integrationpages.Deps {
	sender := webhooks.New(webhooks.Config{Pool: b.Pool, Opener: b.Keys, Logger: b.Logger,
		AllowPrivate: b.Options.WebhookAllowPrivate})
	return integrationpages.Deps{Feed: integrations.NewFeed(b.Pool), Webhooks: integrations.NewWebhooks(b.Pool),
		Processors: integrationpages.ProcessorsReadModel(b.Pool), Deliver: sender,
		Secrets: b.Keys, Keys: b.erasures().KeyShredder(), Log: b.Runtime, AllowPrivate: b.Options.WebhookAllowPrivate}
}

// reports are the dashboards: counts over the read models in the main
// database.
func (b assembly) reports() reportpages.Deps {
	return reportpages.Deps{Queries: reports.New(b.Pool)}
}

// dueDiligence wires customer due diligence: the record's commands over
// the log, the sanctions lists beside it (projections/cdd), the AML
// officer's queue from the cdd read model.
func (b assembly) dueDiligence() (cddpages.Deps, error) {
	records, err := cddcmd.NewRecords(b.Store, b.Codec, b.Clock)
	if err != nil {
		return cddpages.Deps{}, err
	}
	lists, err := cddmodel.NewLists(b.Pool)
	if err != nil {
		return cddpages.Deps{}, err
	}
	runs, err := cddmodel.NewRuns(b.Pool)
	if err != nil {
		return cddpages.Deps{}, err
	}
	blobs, err := documents.NewStore(b.Pool, b.Keys, documents.Config{})
	if err != nil {
		return cddpages.Deps{}, err
	}
	copies, err := cddcmd.NewIdentityCopyHandler(records, blobs, b.cfg.MaxUploadBytes)
	if err != nil {
		return cddpages.Deps{}, err
	}
	d := cddpages.Deps{Records: records, Queue: cddpages.QueueReadModel(b.Pool), Lists: lists, Runs: runs,
		Watch: cddmodel.NewWatcher(b.Pool, b.DueDiligenceReviews, b.Clock), IdentityCopies: copies}
	var errs [5]error
	d.Start, errs[0] = cddcmd.NewStartRecordHandler(records)
	d.Part, errs[1] = cddcmd.NewRecordPartHandler(records)
	d.Decide, errs[2] = cddcmd.NewDecideRecordHandler(records)
	d.Sanctions, errs[3] = cddcmd.NewSanctionsHandler(records, lists, lists)
	d.Publish, errs[4] = cddcmd.NewPublishAssessmentHandler(records)
	return d, errors.Join(errs[:]...)
}
