package requests

import (
	"context"
	"time"

	"github.com/klient-crm/klient/domain"

	"github.com/klient-crm/klient/projections/communications"
	"github.com/klient-crm/klient/projections/contacts"
	gdprmodel "github.com/klient-crm/klient/projections/gdpr"
	"github.com/klient-crm/klient/projections/matters"
	"github.com/klient-crm/klient/projections/subjectexport"
	workmodel "github.com/klient-crm/klient/projections/work"
)

// RequestRegister is the read side of the DPO's pages: the register of
// requests, the erasure schedule, restrictions, certificates, the
// deletion log, the person a request is about and their access package.
// RequestsReadModel binds it to a database.
type RequestRegister interface {
	Requests(ctx context.Context, f gdprmodel.Filter) ([]gdprmodel.Request, error)
	Request(ctx context.Context, id string, now time.Time) (gdprmodel.Request, error)
	// Scheduled lists every erasure waiting in the schedule, held or
	// approved, whatever its day.
	Scheduled(ctx context.Context) ([]gdprmodel.DueErasure, error)
	Restricted(ctx context.Context) ([]gdprmodel.Restricted, error)
	Certificates(ctx context.Context, limit int) ([]gdprmodel.ErasureCertificate, error)
	Certificate(ctx context.Context, id string) (gdprmodel.ErasureCertificate, error)
	// Mention is an erasure's mention of one entry; Communication and Task
	// read the entry it is in, as the log and the task lists show it.
	Mention(ctx context.Context, erasureID, entryID string) (gdprmodel.Mention, error)
	Communication(ctx context.Context, id string) (communications.Entry, error)
	Task(ctx context.Context, id string) (workmodel.Task, error)
	// MatterNote reads a note on a matter's file.
	MatterNote(ctx context.Context, matterID, noteID string) (matters.NoteEntry, error)
	// DeadlineText reads a deadline's title and every reason it was given
	// (erased: its text is gone).
	DeadlineText(ctx context.Context, id string) (workmodel.DeadlineText, bool, error)
	// Matter reads a matter, erased or not (Matter.Erased says so); its
	// title, description and ReopenReasons are a mention's text.
	Matter(ctx context.Context, id string) (matters.Matter, error)
	ReopenReasons(ctx context.Context, id string) ([]string, error)
	// FiledUnder reads, in one query, the contacts each communication
	// and task among ms is filed under: a certificate's walls.
	FiledUnder(ctx context.Context, ms []gdprmodel.Mention) (map[string][]string, error)
	DeletionLog(ctx context.Context, f gdprmodel.DeletionFilter) ([]gdprmodel.Deletion, error)
	// Person reads a contact restricted or not: the DPO's view (art. 18
	// hides restricted people from everyone else).
	Person(ctx context.Context, id string) (contacts.Contact, error)
	// Package gathers the access and portability package (art. 15/20).
	Package(ctx context.Context, subjectID string) (subjectexport.Package, error)
}

// RequestsReadModel returns the RequestRegister over db (a
// *pgxpool.Pool); opts is what the access package states beside the read
// models (the firm, its recipients, its retention schedule).
func RequestsReadModel(db subjectexport.DB, opts subjectexport.Options) RequestRegister {
	return requestRegister{db: db, opts: opts}
}

type requestRegister struct {
	db   subjectexport.DB
	opts subjectexport.Options
}

func (m requestRegister) Requests(ctx context.Context, f gdprmodel.Filter) ([]gdprmodel.Request, error) {
	return gdprmodel.Requests(ctx, m.db, f)
}

func (m requestRegister) Request(ctx context.Context, id string, now time.Time) (gdprmodel.Request, error) {
	return gdprmodel.GetRequest(ctx, m.db, id, now)
}

// scheduleHorizon is how far ahead Scheduled looks: DueErasures lists
// what is due by a date, so a date beyond every statutory hold (the
// longest is ten years) lists the whole schedule.
const scheduleHorizon = 100

func (m requestRegister) Scheduled(ctx context.Context) ([]gdprmodel.DueErasure, error) {
	return gdprmodel.DueErasures(ctx, m.db, time.Now().AddDate(scheduleHorizon, 0, 0))
}

func (m requestRegister) Restricted(ctx context.Context) ([]gdprmodel.Restricted, error) {
	return gdprmodel.RestrictedSubjects(ctx, m.db)
}

func (m requestRegister) Certificates(ctx context.Context, limit int) ([]gdprmodel.ErasureCertificate, error) {
	return gdprmodel.Certificates(ctx, m.db, limit)
}

func (m requestRegister) Certificate(ctx context.Context, id string) (gdprmodel.ErasureCertificate, error) {
	return gdprmodel.Certificate(ctx, m.db, id)
}

func (m requestRegister) Mention(ctx context.Context, erasureID, entryID string) (gdprmodel.Mention, error) {
	return gdprmodel.MentionIn(ctx, m.db, erasureID, entryID)
}

func (m requestRegister) Communication(ctx context.Context, id string) (communications.Entry, error) {
	return communications.Get(ctx, m.db, id)
}

func (m requestRegister) Task(ctx context.Context, id string) (workmodel.Task, error) {
	return workmodel.GetTask(ctx, m.db, id)
}

func (m requestRegister) MatterNote(ctx context.Context, matterID, noteID string) (matters.NoteEntry, error) {
	return matters.NoteOf(ctx, m.db, matterID, noteID)
}

func (m requestRegister) DeadlineText(ctx context.Context, id string) (workmodel.DeadlineText, bool, error) {
	return workmodel.DeadlineTextOf(ctx, m.db, id)
}

func (m requestRegister) Matter(ctx context.Context, id string) (matters.Matter, error) {
	got, err := matters.Get(ctx, m.db, id)
	if domain.IsKind(err, domain.KindErased) {
		return got, nil
	}
	return got, err
}

func (m requestRegister) ReopenReasons(ctx context.Context, id string) ([]string, error) {
	return matters.ReopenReasons(ctx, m.db, id)
}

func (m requestRegister) FiledUnder(ctx context.Context, ms []gdprmodel.Mention) (map[string][]string, error) {
	return gdprmodel.FiledUnder(ctx, m.db, ms)
}

func (m requestRegister) DeletionLog(ctx context.Context, f gdprmodel.DeletionFilter) ([]gdprmodel.Deletion, error) {
	return gdprmodel.DeletionLog(ctx, m.db, f)
}

func (m requestRegister) Person(ctx context.Context, id string) (contacts.Contact, error) {
	return contacts.GetWith(ctx, m.db, id, contacts.GetOptions{IncludeRestricted: true})
}

func (m requestRegister) Package(ctx context.Context, subjectID string) (subjectexport.Package, error) {
	return subjectexport.Build(ctx, m.db, subjectID, m.opts)
}
