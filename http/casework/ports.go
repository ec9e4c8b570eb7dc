package casework

import (
	"context"
	"embed"
	"io"
	"time"

	commcmd "github.com/klient-crm/klient/commands/communication"
	documentcmd "github.com/klient-crm/klient/commands/document"
	dpocmd "github.com/klient-crm/klient/commands/dpo"
	mattercmd "github.com/klient-crm/klient/commands/matter"
	workcmd "github.com/klient-crm/klient/commands/work"
	"github.com/klient-crm/klient/http/casework/conflicts"
	docpages "github.com/klient-crm/klient/http/casework/documents"
	"github.com/klient-crm/klient/http/web"
	cddmodel "github.com/klient-crm/klient/projections/cdd"
	"github.com/klient-crm/klient/projections/communications"
	"github.com/klient-crm/klient/projections/documents"
	dpomodel "github.com/klient-crm/klient/projections/dpo"
	"github.com/klient-crm/klient/projections/work"
)

// Handlers are this context's pages and API, over the shared kit.
type Handlers struct {
	*web.Kit
	deps      Deps
	docs      *docpages.Handlers  // the documents' room, under casework's rules
	conflicts *conflicts.Handlers // the findings' words and the lateral hire
}

// New returns the context's handlers; deps must have been validated.
func New(kit *web.Kit, deps Deps) *Handlers {
	s := &Handlers{Kit: kit, deps: deps}
	s.docs = docpages.New(kit, docpages.Deps{Attach: deps.Documents.Attach, MarkSpecial: deps.Documents.MarkSpecial,
		Files: deps.Files, EntryVisible: s.canSeeEntry, UploadTarget: s.requireUploadTarget, MatterFormFailed: s.matterFormFailed})
	s.conflicts = conflicts.New(kit, conflicts.Deps{LateralHire: deps.Matters.Conflicts})
	return s
}

// Templates are this context's pages, parsed by the kit with the one layout.
//
//go:embed templates
var Templates embed.FS

// Deps is the write and read sides of a lawyer's daily work that
// internal/webapp wires in. Every field is required.
type Deps struct {
	Matters          MatterCommands
	MatterReads      web.MatterDirectory
	Communications   CommunicationCommands
	CommunicationLog CommunicationDirectory
	Documents        DocumentCommands
	Files            DocumentDirectory
	Work             WorkCommands
	WorkReads        WorkDirectory
	Letters          LetterCommands
	HeldMail         HeldMail // incoming e-mail waiting to be filed
	// DueDiligence names the lawyer's due-diligence records needing them
	// on the start page (projections/cdd.Watcher).
	DueDiligence DueDiligenceWatch
	// Firm is the firm's name, which letters sign with (byrå.namn); it may
	// be empty.
	Firm string
}

func (c Deps) Validate(check func(ok bool, name string)) {
	m := c.Matters
	check(web.Present(m.Open), "Casework.Matters.Open")
	check(web.Present(m.Details), "Casework.Matters.Details")
	check(web.Present(m.Parties), "Casework.Matters.Parties")
	check(web.Present(m.Lifecycle), "Casework.Matters.Lifecycle")
	check(web.Present(m.Conflicts), "Casework.Matters.Conflicts")
	check(web.Present(m.Staffing), "Casework.Matters.Staffing")
	check(web.Present(m.PracticeAreas), "Casework.Matters.PracticeAreas")
	check(web.Present(c.MatterReads), "Casework.MatterReads")
	check(web.Present(c.Communications.Log), "Casework.Communications.Log")
	check(web.Present(c.Communications.FollowUps), "Casework.Communications.FollowUps")
	check(web.Present(c.Communications.Correct), "Casework.Communications.Correct")
	check(web.Present(c.Communications.MarkSpecial), "Casework.Communications.MarkSpecial")
	check(web.Present(c.CommunicationLog), "Casework.CommunicationLog")
	check(web.Present(c.Documents.Attach), "Casework.Documents.Attach")
	check(web.Present(c.Documents.MarkSpecial), "Casework.Documents.MarkSpecial")
	check(web.Present(c.Files), "Casework.Files")
	w := c.Work
	check(web.Present(w.CreateTask), "Casework.Work.CreateTask")
	check(web.Present(w.TaskStatus), "Casework.Work.TaskStatus")
	check(web.Present(w.TaskUpdate), "Casework.Work.TaskUpdate")
	check(web.Present(w.SetDeadline), "Casework.Work.SetDeadline")
	check(web.Present(w.Deadlines), "Casework.Work.Deadlines")
	check(web.Present(c.WorkReads), "Casework.WorkReads")
	check(web.Present(c.DueDiligence), "Casework.DueDiligence")
	check(web.Present(c.Letters.Send), "Casework.Letters.Send")
	check(web.Present(c.Letters.Templates), "Casework.Letters.Templates")
	check(web.Present(c.Letters.Automatic), "Casework.Letters.Automatic")
	check(web.Present(c.Letters.Deliveries), "Casework.Letters.Deliveries")
	check(web.Present(c.HeldMail), "Casework.HeldMail")
}

// The read models casework handlers wait for after their own writes.
const (
	mattersProjector        = "matters"
	conflictsProjector      = "conflict_index"
	communicationsProjector = "communications"
	documentsProjector      = "documents"
	workProjector           = "work"
)

// awaitMatter waits until the matters read model shows res.
func (s *Handlers) awaitMatter(ctx context.Context, res mattercmd.MatterResult) {
	s.Await(ctx, mattersProjector, res.Position)
}

// FollowUps is *commcmd.FollowUpHandler.
type FollowUps interface {
	HandleClear(ctx context.Context, cmd commcmd.ClearFollowUp) (commcmd.CommunicationResult, error)
}

// CommunicationCommands are the communication log's write side; Correct
// is (*commcmd.CorrectCommunicationHandler).Handle.
type CommunicationCommands struct {
	Log       web.Handles[commcmd.LogCommunication, commcmd.CommunicationResult]
	FollowUps FollowUps
	Correct   web.Handles[commcmd.CorrectCommunication, commcmd.CommunicationResult]
	// MarkSpecial marks an entry as special categories (art. 9, 10).
	MarkSpecial web.Handles[dpocmd.MarkCommunicationSpecial, dpocmd.SpecialResult]
}

// CommunicationDirectory is the communication log's read model;
// CommunicationsReadModel binds it to a database.
type CommunicationDirectory interface {
	ForMatter(ctx context.Context, matterID string, f communications.Filter) ([]communications.Entry, error)
	ForContact(ctx context.Context, contactID string, f communications.Filter) ([]communications.Entry, error)
	Get(ctx context.Context, id string) (communications.Entry, error)
	FollowUpsFor(ctx context.Context, staffID string, limit int) ([]communications.Entry, error)
}

// CommunicationsReadModel returns the CommunicationDirectory over db.
func CommunicationsReadModel(db communications.DB) CommunicationDirectory { return commModel{db} }

type commModel struct{ db communications.DB }

func (m commModel) ForMatter(ctx context.Context, id string, f communications.Filter) ([]communications.Entry, error) {
	return communications.ForMatter(ctx, m.db, id, f)
}

func (m commModel) ForContact(ctx context.Context, id string, f communications.Filter) ([]communications.Entry, error) {
	return communications.ForContact(ctx, m.db, id, f)
}

func (m commModel) Get(ctx context.Context, id string) (communications.Entry, error) {
	return communications.Get(ctx, m.db, id)
}

func (m commModel) FollowUpsFor(ctx context.Context, staffID string, limit int) ([]communications.Entry, error) {
	return communications.FollowUpsFor(ctx, m.db, staffID, limit)
}

// DocumentCommands are the documents' write side.
type DocumentCommands struct {
	Attach web.Handles[documentcmd.AttachDocument, documentcmd.DocumentResult]
	// MarkSpecial marks a document as special categories (art. 9, 10).
	MarkSpecial docpages.SpecialMarker
}

// BlobOpener is (*documents.Store).Open: a document's decrypted bytes.
type BlobOpener interface {
	Open(ctx context.Context, docID, subject string) (io.ReadCloser, error)
}

// DocumentDirectory is the documents read model, the download record and
// the blob store; DocumentsReadModel binds them.
type DocumentDirectory interface {
	ForMatter(ctx context.Context, matterID string) ([]documents.Document, error)
	Get(ctx context.Context, id string) (documents.Document, error)
	RecordDownload(ctx context.Context, d documents.Download) error
	Open(ctx context.Context, docID, subject string) (io.ReadCloser, error)
	docpages.SpecialMarks
}

// DocumentsReadModel returns the DocumentDirectory over db and blobs.
func DocumentsReadModel(db documents.DB, blobs BlobOpener) DocumentDirectory {
	return docModel{db: db, BlobOpener: blobs}
}

type docModel struct {
	db documents.DB
	BlobOpener
}

func (m docModel) ForMatter(ctx context.Context, id string) ([]documents.Document, error) {
	return documents.ForMatter(ctx, m.db, id)
}

func (m docModel) SpecialMarks(ctx context.Context, ids []string) (map[string]dpomodel.SpecialMark, error) {
	return dpomodel.SpecialMarks(ctx, m.db, ids)
}

func (m docModel) Get(ctx context.Context, id string) (documents.Document, error) {
	return documents.Get(ctx, m.db, id)
}

func (m docModel) RecordDownload(ctx context.Context, d documents.Download) error {
	return documents.RecordDownload(ctx, m.db, d)
}

// MatterDetails is *mattercmd.MatterDetailsHandler.
type MatterDetails interface {
	HandleDetails(ctx context.Context, cmd mattercmd.ChangeMatterDetails) (mattercmd.MatterResult, error)
	HandleNote(ctx context.Context, cmd mattercmd.AddMatterNote) (mattercmd.MatterResult, error)
}

// MatterParties is *mattercmd.MatterPartiesHandler.
type MatterParties interface {
	HandleAdd(ctx context.Context, cmd mattercmd.AddMatterParty) (mattercmd.MatterResult, error)
	HandleRole(ctx context.Context, cmd mattercmd.ChangeMatterPartyRole) (mattercmd.MatterResult, error)
	HandleRemove(ctx context.Context, cmd mattercmd.RemoveMatterParty) (mattercmd.MatterResult, error)
}

// MatterLifecycle is *mattercmd.MatterLifecycleHandler.
type MatterLifecycle interface {
	HandleActivate(ctx context.Context, cmd mattercmd.ChangeMatterStatus) (mattercmd.MatterResult, error)
	HandleClose(ctx context.Context, cmd mattercmd.ChangeMatterStatus) (mattercmd.MatterResult, error)
	HandleReopen(ctx context.Context, cmd mattercmd.ChangeMatterStatus) (mattercmd.MatterResult, error)
	HandleArchive(ctx context.Context, cmd mattercmd.ChangeMatterStatus) (mattercmd.MatterResult, error)
}

// ConflictChecks is *mattercmd.ConflictCheckHandler.
type ConflictChecks interface {
	HandleRun(ctx context.Context, cmd mattercmd.RunConflictCheck) (mattercmd.ConflictReport, error)
	HandleDecision(ctx context.Context, cmd mattercmd.RecordConflictDecision) (mattercmd.MatterResult, error)
	// Lateral hire: a newly hired lawyer's list checked and kept with them.
	HandleLateralHire(ctx context.Context, cmd mattercmd.CheckLateralHire) (mattercmd.LateralHireReport, error)
	LateralHireChecks(ctx context.Context, staffID string) ([]mattercmd.LateralHireReport, error)
	LateralNow() time.Time
}

// MatterStaffing is *mattercmd.MatterStaffingHandler.
type MatterStaffing interface {
	HandleTeam(ctx context.Context, cmd mattercmd.ChangeMatterTeam) (mattercmd.MatterResult, error)
	HandleGrant(ctx context.Context, cmd mattercmd.GrantMatterAccess) (mattercmd.MatterResult, error)
	HandleRevoke(ctx context.Context, cmd mattercmd.RevokeMatterAccess) (mattercmd.MatterResult, error)
}

// MatterCommands are the matter write side the pages and the API use.
type MatterCommands struct {
	Open      web.Handles[mattercmd.OpenMatter, mattercmd.MatterResult]
	Details   MatterDetails
	Parties   MatterParties
	Lifecycle MatterLifecycle
	Conflicts ConflictChecks
	Staffing  MatterStaffing
	// PracticeAreas lists the firm's practice areas for the forms
	// ((*mattercmd.Matters).PracticeAreas).
	PracticeAreas func() []string
}

// TaskStatus is *workcmd.TaskStatusHandler.
type TaskStatus interface {
	HandleStart(ctx context.Context, cmd workcmd.ChangeTaskStatus) (workcmd.WorkResult, error)
	HandleComplete(ctx context.Context, cmd workcmd.ChangeTaskStatus) (workcmd.WorkResult, error)
	HandleReopen(ctx context.Context, cmd workcmd.ChangeTaskStatus) (workcmd.WorkResult, error)
	HandleCancel(ctx context.Context, cmd workcmd.ChangeTaskStatus) (workcmd.WorkResult, error)
}

// TaskUpdate is *workcmd.TaskUpdateHandler.
type TaskUpdate interface {
	HandleReassign(ctx context.Context, cmd workcmd.ReassignTask) (workcmd.WorkResult, error)
	HandleReschedule(ctx context.Context, cmd workcmd.RescheduleTask) (workcmd.WorkResult, error)
}

// DeadlineClosing is *workcmd.DeadlineUpdateHandler.
type DeadlineClosing interface {
	HandleMove(ctx context.Context, cmd workcmd.MoveDeadline) (workcmd.WorkResult, error)
	HandleMeet(ctx context.Context, cmd workcmd.CloseDeadline) (workcmd.WorkResult, error)
	HandleCancel(ctx context.Context, cmd workcmd.CloseDeadline) (workcmd.WorkResult, error)
}

// WorkCommands are the task and deadline write side.
type WorkCommands struct {
	CreateTask  web.Handles[workcmd.CreateTask, workcmd.WorkResult]
	TaskStatus  TaskStatus
	TaskUpdate  TaskUpdate
	SetDeadline web.Handles[workcmd.SetDeadline, workcmd.WorkResult]
	Deadlines   DeadlineClosing
}

// WorkDirectory is the work read model's queries and the calendar feed;
// WorkReadModel binds them to a database.
type WorkDirectory interface {
	MyTasks(ctx context.Context, staffID string, teams []string, limit int) ([]work.Task, error)
	Tasks(ctx context.Context, f work.TaskFilter) ([]work.Task, error)
	ForMatter(ctx context.Context, matterID string) (work.MatterWork, error)
	GetTask(ctx context.Context, id string) (work.Task, error)
	Deadlines(ctx context.Context, f work.Filter) ([]work.Deadline, error)
	GetDeadline(ctx context.Context, id string) (work.Deadline, error)
	RaisedReminders(ctx context.Context, staffID string, limit int) ([]work.RaisedReminder, error)
	CalendarFor(ctx context.Context, staffID string, teams []string, now time.Time) (work.CalendarItems, error)
	WriteCalendar(w io.Writer, staffID string, items work.CalendarItems, words work.FeedWords) error
	CreateFeedToken(ctx context.Context, staffID string, now time.Time) (string, error)
	RevokeFeedToken(ctx context.Context, staffID string, now time.Time) error
	StaffForFeedToken(ctx context.Context, token string) (string, bool, error)
}

// WorkReadModel returns the WorkDirectory over db (a *pgxpool.Pool).
func WorkReadModel(db work.DB) WorkDirectory { return workModel{db} }

type workModel struct{ db work.DB }

func (m workModel) MyTasks(ctx context.Context, staffID string, teams []string, limit int) ([]work.Task, error) {
	return work.MyTasks(ctx, m.db, staffID, teams, limit)
}

func (m workModel) Tasks(ctx context.Context, f work.TaskFilter) ([]work.Task, error) {
	return work.Tasks(ctx, m.db, f)
}

func (m workModel) ForMatter(ctx context.Context, matterID string) (work.MatterWork, error) {
	return work.ForMatter(ctx, m.db, matterID)
}

func (m workModel) GetTask(ctx context.Context, id string) (work.Task, error) {
	return work.GetTask(ctx, m.db, id)
}

func (m workModel) Deadlines(ctx context.Context, f work.Filter) ([]work.Deadline, error) {
	return work.Deadlines(ctx, m.db, f)
}

func (m workModel) GetDeadline(ctx context.Context, id string) (work.Deadline, error) {
	return work.GetDeadline(ctx, m.db, id)
}

func (m workModel) RaisedReminders(ctx context.Context, staffID string, limit int) ([]work.RaisedReminder, error) {
	return work.RaisedReminders(ctx, m.db, staffID, limit)
}

func (m workModel) CalendarFor(ctx context.Context, staffID string, teams []string, now time.Time) (work.CalendarItems, error) {
	return work.CalendarFor(ctx, m.db, staffID, teams, now)
}

func (m workModel) WriteCalendar(w io.Writer, staffID string, items work.CalendarItems, words work.FeedWords) error {
	return work.WriteCalendar(w, staffID, items, words)
}

func (m workModel) CreateFeedToken(ctx context.Context, staffID string, now time.Time) (string, error) {
	return work.CreateFeedToken(ctx, m.db, staffID, now)
}

func (m workModel) RevokeFeedToken(ctx context.Context, staffID string, now time.Time) error {
	return work.RevokeFeedToken(ctx, m.db, staffID, now)
}

func (m workModel) StaffForFeedToken(ctx context.Context, token string) (string, bool, error) {
	return work.StaffForFeedToken(ctx, m.db, token)
}

// DueDiligenceWatch lists the due-diligence records that need attention:
// sanctions hits not reviewed (a new list's, after monitoring), an open
// matter's record left undecided, a periodic review due.
type DueDiligenceWatch interface {
	Watch(ctx context.Context, f cddmodel.WatchFilter) ([]cddmodel.WatchItem, error)
}

var _ DueDiligenceWatch = cddmodel.Watcher{}
