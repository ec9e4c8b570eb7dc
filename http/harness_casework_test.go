package http

import (
	"context"
	"testing"
	"time"

	casework "github.com/klient-crm/klient/http/casework"

	"github.com/jackc/pgx/v5/pgxpool"

	commcmd "github.com/klient-crm/klient/commands/communication"
	documentcmd "github.com/klient-crm/klient/commands/document"
	mattercmd "github.com/klient-crm/klient/commands/matter"
	workcmd "github.com/klient-crm/klient/commands/work"
	klientcrypto "github.com/klient-crm/klient/crypto"
	"github.com/klient-crm/klient/eventstore"
	"github.com/klient-crm/klient/eventstore/postgres"
	"github.com/klient-crm/klient/http/web"
	"github.com/klient-crm/klient/projections/conflicts"
	"github.com/klient-crm/klient/projections/documents"
	"github.com/klient-crm/klient/projections/staff"
)

// testUploadLimit is the largest document the test server takes: small,
// so a test can send one byte too many cheaply.
const testUploadLimit = 64 << 10

// caseworkOf builds the real matter, communication, document and work
// handlers and read models over the test's store.
func caseworkOf(t testing.TB, store *postgres.Store, codec *eventstore.Codec, pool *pgxpool.Pool, keys *klientcrypto.Keyring) casework.Deps {
	return casework.Deps{
		Matters: matterCommands(t, store, codec, pool), MatterReads: web.MattersReadModel(pool),
		Communications: communicationCommands(t, store, codec), CommunicationLog: casework.CommunicationsReadModel(pool),
		Documents: documentCommands(t, store, codec, pool, keys), Files: casework.DocumentsReadModel(pool, blobStore(t, pool, keys)),
		Work: workCommands(t, store, codec, pool), WorkReads: casework.WorkReadModel(pool),
	}
}

func matterCommands(t testing.TB, store *postgres.Store, codec *eventstore.Codec, pool *pgxpool.Pool) casework.MatterCommands {
	repo, err := mattercmd.NewMatters(store, codec, time.Now, mattercmd.MatterConfig{})
	must(t, err)
	checker, err := conflicts.NewChecker(pool)
	must(t, err)
	c := casework.MatterCommands{PracticeAreas: repo.PracticeAreas}
	var errs [6]error
	c.Staffing, errs[5] = mattercmd.NewMatterStaffingHandler(repo)
	c.Open, errs[0] = mattercmd.NewOpenMatterHandler(repo)
	c.Details, errs[1] = mattercmd.NewMatterDetailsHandler(repo)
	c.Parties, errs[2] = mattercmd.NewMatterPartiesHandler(repo)
	lifecycle, err := mattercmd.NewMatterLifecycleHandler(repo)
	must(t, err)
	work, err := workcmd.NewWork(store, codec, time.Now, staff.NewRoster(pool))
	must(t, err)
	apply, err := workcmd.NewApplyWorkflowTemplateHandler(work)
	must(t, err)
	c.Lifecycle = lifecycle.WithWorkflowTemplates(apply)
	c.Conflicts, errs[4] = mattercmd.NewConflictCheckHandler(repo, checker, checker)
	for _, err := range errs {
		must(t, err)
	}
	return c
}

func communicationCommands(t testing.TB, store *postgres.Store, codec *eventstore.Codec) casework.CommunicationCommands {
	repo, err := commcmd.NewCommunications(store, codec, time.Now)
	must(t, err)
	var c casework.CommunicationCommands
	var err1, err2 error
	c.Log, err1 = commcmd.NewLogCommunicationHandler(repo)
	c.FollowUps, err2 = commcmd.NewFollowUpHandler(repo)
	must(t, err1)
	must(t, err2)
	correct, err := commcmd.NewCorrectCommunicationHandler(repo)
	must(t, err)
	c.Correct = correct
	return c
}

func blobStore(t testing.TB, pool *pgxpool.Pool, keys *klientcrypto.Keyring) *documents.Store {
	blobs, err := documents.NewStore(pool, keys, documents.Config{})
	must(t, err)
	return blobs
}

func documentCommands(t testing.TB, store *postgres.Store, codec *eventstore.Codec, pool *pgxpool.Pool, keys *klientcrypto.Keyring) casework.DocumentCommands {
	repo, err := documentcmd.NewDocuments(store, codec, time.Now, blobStore(t, pool, keys), testUploadLimit)
	must(t, err)
	attach, err := documentcmd.NewAttachDocumentHandler(repo)
	must(t, err)
	return casework.DocumentCommands{Attach: attach}
}

func workCommands(t testing.TB, store *postgres.Store, codec *eventstore.Codec, pool *pgxpool.Pool) casework.WorkCommands {
	repo, err := workcmd.NewWork(store, codec, time.Now, staff.NewRoster(pool))
	must(t, err)
	var c casework.WorkCommands
	var errs [5]error
	c.CreateTask, errs[0] = workcmd.NewCreateTaskHandler(repo)
	c.TaskStatus, errs[1] = workcmd.NewTaskStatusHandler(repo)
	c.SetDeadline, errs[2] = workcmd.NewSetDeadlineHandler(repo)
	c.Deadlines, errs[3] = workcmd.NewDeadlineUpdateHandler(repo)
	c.TaskUpdate, errs[4] = workcmd.NewTaskUpdateHandler(repo)
	for _, err := range errs {
		must(t, err)
	}
	return c
}

func readiness(pool *pgxpool.Pool) func(context.Context) error {
	return func(ctx context.Context) error { return pool.Ping(ctx) }
}
