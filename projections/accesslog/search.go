package accesslog

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/access"
)

// Page sizes for Search.
const (
	DefaultLimit = 50
	MaxLimit     = 500
)

// Filter narrows a Search. Empty fields do not filter. The time window is
// half-open: From <= at < To. Before pages backwards: pass the smallest ID
// of the page just shown to get the next one.
type Filter struct {
	StaffID string
	Subject string
	From    time.Time
	To      time.Time
	Limit   int   // 0: DefaultLimit; capped at MaxLimit
	Before  int64 // 0: start from the newest
	// RefusedOnly keeps only refused attempts.
	RefusedOnly bool
	// Viewer is who searches: their own refusals are left out (a refusal
	// must not tell the refused member that what they asked for exists).
	Viewer string
	// HideOwn leaves out every entry of Viewer's, not only refusals: the
	// searching member's own reading would otherwise push what others
	// did down the list.
	HideOwn bool
}

const columns = `id, at, staff_id, subjects, route, action, coalesce(purpose, ''), correlation_id, via, refused, coalesce(token_id, ''), coalesce(webhook_id, '')`

// Search returns the entries matching f, newest (highest ID) first.
func Search(ctx context.Context, db DB, f Filter) ([]Entry, error) {
	where, args := f.where()
	args = append(args, f.limit())
	sql := fmt.Sprintf(`SELECT %s FROM access_log WHERE %s ORDER BY id DESC LIMIT $%d`, columns, where, len(args))
	return query(ctx, db, sql, args...)
}

// ForSubject returns every entry about subject, newest first: what a data
// subject's access request reports about who has seen their data.
func ForSubject(ctx context.Context, db DB, subject string) ([]Entry, error) {
	return query(ctx, db, `SELECT `+columns+` FROM access_log WHERE subjects @> ARRAY[$1::text] AND refused = ''
		ORDER BY id DESC`, subject) // a refused attempt saw nothing
}

func (f Filter) where() (string, []any) {
	conds, args := []string{"true"}, []any{}
	add := func(cond string, v any) {
		args = append(args, v)
		conds = append(conds, fmt.Sprintf(cond, len(args)))
	}
	if f.StaffID != "" {
		add("staff_id = $%d", f.StaffID)
	}
	if f.Subject != "" {
		add("subjects @> ARRAY[$%d::text]", f.Subject) // @> uses the GIN index
	}
	if !f.From.IsZero() {
		add("at >= $%d", f.From)
	}
	if !f.To.IsZero() {
		add("at < $%d", f.To)
	}
	if f.Before > 0 {
		add("id < $%d", f.Before)
	}
	if f.RefusedOnly {
		conds = append(conds, "refused <> ''")
	}
	switch {
	case f.Viewer != "" && f.HideOwn:
		add("staff_id <> $%d", f.Viewer)
	case f.Viewer != "":
		add("(refused = '' OR staff_id <> $%d)", f.Viewer)
	}
	return strings.Join(conds, " AND "), args
}

func (f Filter) limit() int {
	if f.Limit <= 0 {
		return DefaultLimit
	}
	return min(f.Limit, MaxLimit)
}

func query(ctx context.Context, db DB, sql string, args ...any) ([]Entry, error) {
	rows, err := db.Query(ctx, sql, args...)
	if err != nil {
		return nil, domain.Internal(fmt.Errorf("accesslog: search: %w", err))
	}
	entries, err := pgx.CollectRows(rows, scanEntry)
	if err != nil {
		return nil, domain.Internal(fmt.Errorf("accesslog: search: %w", err))
	}
	return entries, nil
}

func scanEntry(row pgx.CollectableRow) (Entry, error) {
	var e Entry
	var action, via string
	err := row.Scan(&e.ID, &e.At, &e.StaffID, &e.Subjects, &e.Route, &action, &e.Purpose, &e.CorrelationID, &via, &e.Refused, &e.TokenID, &e.WebhookID)
	e.Action, e.Via = access.Action(action), Via(via)
	return e, err
}
