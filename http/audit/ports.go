package audit

import (
	"context"

	"github.com/klient-crm/klient/domain/access"
	"github.com/klient-crm/klient/http/web"
	"github.com/klient-crm/klient/projections/audit"
	"github.com/klient-crm/klient/projections/audit/history"
)

// Deps is what the pages of the audit trail and history as of a date
// need. Every field is required.
type Deps struct {
	Trail   AuditTrail   // AuditTrailReadModel(pool)
	History AuditHistory // *history.Reader over the event store
}

func (d Deps) Validate(check func(ok bool, name string)) {
	check(web.Present(d.Trail), "Audit.Trail")
	check(web.Present(d.History), "Audit.History")
}

// AuditTrail is the audit-trail read model's queries.
type AuditTrail interface {
	SearchWithAccessLog(ctx context.Context, f audit.Filter) (audit.Page, error)
	WallStreams(ctx context.Context) ([]string, error)
}

// AuditHistory replays streams of the log as they stood at a moment;
// *history.Reader implements it.
type AuditHistory interface {
	Read(ctx context.Context, stream string, cut history.Cutoff, strict bool) ([]history.Event, error)
	WallsOn(ctx context.Context, streams []string, targets []access.Target, cut history.Cutoff) ([]history.WallState, error)
}

// AuditTrailReadModel returns the AuditTrail over db (a *pgxpool.Pool).
func AuditTrailReadModel(db audit.Querier) AuditTrail { return auditTrail{db} }

type auditTrail struct{ db audit.Querier }

func (m auditTrail) SearchWithAccessLog(ctx context.Context, f audit.Filter) (audit.Page, error) {
	return audit.SearchWithAccessLog(ctx, m.db, f)
}

func (m auditTrail) WallStreams(ctx context.Context) ([]string, error) {
	return audit.WallStreams(ctx, m.db)
}
