package http

import (
	"testing"
	"time"

	adminpages "github.com/klient-crm/klient/http/admin"

	"github.com/jackc/pgx/v5/pgxpool"

	workcmd "github.com/klient-crm/klient/commands/work"
	"github.com/klient-crm/klient/eventstore"
	"github.com/klient-crm/klient/eventstore/postgres"
	"github.com/klient-crm/klient/projections/staff"
)

// templatesOf builds the real workflow-template handler over the test's
// store.
func templatesOf(t testing.TB, store *postgres.Store, codec *eventstore.Codec, pool *pgxpool.Pool) adminpages.WorkflowTemplates {
	repo, err := workcmd.NewWork(store, codec, time.Now, staff.NewRoster(pool))
	must(t, err)
	h, err := workcmd.NewWorkflowTemplateHandler(repo)
	must(t, err)
	return h
}
