package cdd

import (
	"context"
	"io"

	"github.com/jackc/pgx/v5/pgxpool"

	cddcmd "github.com/klient-crm/klient/commands/cdd"
	"github.com/klient-crm/klient/commands/journal"
	domaincdd "github.com/klient-crm/klient/domain/cdd"
	"github.com/klient-crm/klient/http/web"
	cddmodel "github.com/klient-crm/klient/projections/cdd"
)

// Deps is what the due-diligence API needs. Every field is required.
type Deps struct {
	Start     web.Handles[cddcmd.StartRecord, cddcmd.RecordResult]
	Part      web.Handles[cddcmd.RecordPart, cddcmd.RecordResult]
	Decide    Decider
	Sanctions Sanctions
	Publish   web.Handles[cddcmd.PublishAssessment, cddcmd.AssessmentResult]
	// Records reads a record and the general assessment from the log.
	Records Records
	// Queue reads the records escalated to the AML officer.
	Queue Queue
	// Lists says which sanctions list is the latest (projections/cdd.Lists).
	Lists Lists
	// Watch lists the records needing attention firm-wide, for the
	// officer's start page (projections/cdd.Watcher).
	Watch Watch
	// Runs says how the latest list's monitoring went (projections/cdd.Runs).
	Runs Runs
	// IdentityCopies stores and opens the copies of identity documents.
	IdentityCopies IdentityCopies
}

// IdentityCopies stores a record's copy of the identity document and
// opens it (commands/cdd.IdentityCopyHandler).
type IdentityCopies interface {
	Handle(ctx context.Context, cmd cddcmd.StoreIdentityCopy) (cddcmd.RecordResult, error)
	Open(ctx context.Context, actor journal.Actor, matterID string) (io.ReadCloser, domaincdd.IdentityCopyStored, error)
}

// Watch lists the due-diligence records needing attention: hits not
// reviewed, an open matter's record undecided, a periodic review due.
type Watch interface {
	Watch(ctx context.Context, f cddmodel.WatchFilter) ([]cddmodel.WatchItem, error)
	// Report lists every record of an active matter, for the officer's
	// report.
	Report(ctx context.Context, f cddmodel.ReportFilter) ([]cddmodel.ReportRow, error)
}

// Runs reads the monitoring runs.
type Runs interface {
	LastRun(ctx context.Context) (cddmodel.Run, bool, error)
}

// Lists names the latest imported sanctions list.
type Lists interface {
	Latest(ctx context.Context) (domaincdd.ListInfo, bool, error)
}

// Decider decides a record and reviews its hits (commands/cdd).
type Decider interface {
	Handle(ctx context.Context, cmd cddcmd.DecideRecord) (cddcmd.RecordResult, error)
	HandleReview(ctx context.Context, cmd cddcmd.ReviewHit) (cddcmd.RecordResult, error)
}

// Sanctions imports lists and screens records (commands/cdd).
type Sanctions interface {
	HandleImport(ctx context.Context, cmd cddcmd.ImportList) (domaincdd.ListInfo, error)
	HandleScreen(ctx context.Context, cmd cddcmd.ScreenRecord) (cddcmd.RecordResult, error)
}

// Records reads records and the general assessment (commands/cdd.Records).
type Records interface {
	Load(ctx context.Context, matterID string) (*domaincdd.Record, error)
	Assessment(ctx context.Context) (*domaincdd.RiskAssessment, error)
}

// Queue is the read side of the AML officer's queue; QueueReadModel
// binds it to a database.
type Queue interface {
	Escalated(ctx context.Context, f cddmodel.QueueFilter) ([]cddmodel.RecordStatus, error)
}

// QueueReadModel returns the Queue over pool.
func QueueReadModel(pool *pgxpool.Pool) Queue { return queue{pool} }

type queue struct{ pool *pgxpool.Pool }

func (q queue) Escalated(ctx context.Context, f cddmodel.QueueFilter) ([]cddmodel.RecordStatus, error) {
	return cddmodel.Escalated(ctx, q.pool, f)
}

var (
	_ Decider        = (*cddcmd.DecideRecordHandler)(nil)
	_ Sanctions      = (*cddcmd.SanctionsHandler)(nil)
	_ Records        = (*cddcmd.Records)(nil)
	_ Lists          = (*cddmodel.Lists)(nil)
	_ Watch          = cddmodel.Watcher{}
	_ Runs           = (*cddmodel.Runs)(nil)
	_ IdentityCopies = (*cddcmd.IdentityCopyHandler)(nil)
)

// Validate names every missing dependency.
func (d Deps) Validate(check func(ok bool, name string)) {
	check(web.Present(d.Start), "DueDiligence.Start")
	check(web.Present(d.Part), "DueDiligence.Part")
	check(web.Present(d.Decide), "DueDiligence.Decide")
	check(web.Present(d.Sanctions), "DueDiligence.Sanctions")
	check(web.Present(d.Publish), "DueDiligence.Publish")
	check(web.Present(d.Records), "DueDiligence.Records")
	check(web.Present(d.Queue), "DueDiligence.Queue")
	check(web.Present(d.Lists), "DueDiligence.Lists")
	check(web.Present(d.Watch), "DueDiligence.Watch")
	check(web.Present(d.Runs), "DueDiligence.Runs")
	check(web.Present(d.IdentityCopies), "DueDiligence.IdentityCopies")
}
