package reports

import (
	"context"
	"time"

	"github.com/klient-crm/klient/http/web"
	"github.com/klient-crm/klient/projections/reports"
)

// Deps are what the pages of dashboards and reports need.
type Deps struct {
	// Queries count over the read models for one viewer's scope
	// (reports.New(pool)).
	Queries ReportQueries
}

// ReportQueries are the dashboards' counts (projections/reports.Queries).
// Those that take a Scope count only what its viewer may see; the GDPR
// ones are firm-wide and the handler shows them to the DPO only.
type ReportQueries interface {
	OpenMatters(ctx context.Context, s reports.Scope) (reports.OpenMatters, error)
	Intake(ctx context.Context, s reports.Scope) (reports.Intake, error)
	Deadlines(ctx context.Context, s reports.Scope) ([]reports.PersonDeadlines, error)
	Communications(ctx context.Context, s reports.Scope, limit int) ([]reports.MatterVolume, error)
	Requests(ctx context.Context, now time.Time) (reports.RequestLoad, error)
	Erasures(ctx context.Context, now time.Time) ([]reports.Month, error)
}

var _ ReportQueries = reports.Queries{}

func (d Deps) Validate(check func(ok bool, name string)) {
	check(web.Present(d.Queries), "Reports.Queries")
}
