package audit

import (
	"context"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/klient-crm/klient/domain"
)

// Querier is what searches need of a connection: a *pgxpool.Pool, a
// *pgx.Conn or a pgx.Tx.
type Querier interface {
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
}

// rowColumns are both sources laid out alike, so that one scan reads
// either and the union lines up.
const (
	eventColumns = `'event', occurred_at, 1, commit, prepare, actor, subjects, matter_id, type, correlation_id,
	event_id, stream, version, recorded_at, '', ''`
	accessColumns = `'access', at, 0, id, 0::bigint, staff_id, subjects, '', action, correlation_id,
	NULL::uuid, '', 0::bigint, NULL::timestamptz, route, via`
	eventOrder  = ` ORDER BY occurred_at DESC, commit DESC, prepare DESC LIMIT `
	accessOrder = ` ORDER BY at DESC, id DESC LIMIT `
)

// Search returns a page of events matching f, newest first.
func Search(ctx context.Context, db Querier, f Filter) (Page, error) {
	c := f.where(false)
	sql := `SELECT ` + eventColumns + ` FROM audit_trail_v1 WHERE ` + strings.Join(c.events, " AND ") +
		eventOrder + c.arg(f.limit()+1)
	rows, err := query(ctx, db, sql, c.args)
	return pageOf(rows, f.limit()), err
}

// SearchWithAccessLog is Search with the access log's entries merged in:
// every change and every read matching f, newest first. Both sides are
// cut to a page before they are merged, so each uses its own indexes.
func SearchWithAccessLog(ctx context.Context, db Querier, f Filter) (Page, error) {
	c := f.where(true)
	limit := c.arg(f.limit() + 1)
	sql := `SELECT * FROM (
		(SELECT ` + eventColumns + ` FROM audit_trail_v1 WHERE ` + strings.Join(c.events, " AND ") + eventOrder + limit + `)
		UNION ALL
		(SELECT ` + accessColumns + ` FROM access_log WHERE ` + strings.Join(c.access, " AND ") + accessOrder + limit + `)
	) AS t (kind, at, source, k1, k2, actor, subjects, matter_id, type, correlation_id, event_id, stream, version, recorded_at, route, via)
	ORDER BY at DESC, source DESC, k1 DESC, k2 DESC LIMIT ` + limit
	rows, err := query(ctx, db, sql, c.args)
	return pageOf(rows, f.limit()), err
}

func query(ctx context.Context, db Querier, sql string, args []any) ([]Row, error) {
	rows, err := db.Query(ctx, sql, args...)
	if err != nil {
		return nil, domain.Internal(fmt.Errorf("audit: search: %w", err))
	}
	out, err := pgx.CollectRows(rows, scanRow)
	if err != nil {
		return nil, domain.Internal(fmt.Errorf("audit: search: %w", err))
	}
	return out, nil
}
