package contacts

import (
	"context"
	"fmt"
	"strconv"

	"github.com/jackc/pgx/v5"
)

// args numbers query parameters as they are added.
type args []any

func (a *args) add(v any) string {
	*a = append(*a, v)
	return "$" + strconv.Itoa(len(*a))
}

const summaryColumns = `id, kind, display_name,
	CASE WHEN personnummer <> '' THEN personnummer ELSE organisationsnummer END,
	coalesce(emails->0->>'address', ''), coalesce(phones->0->>'number', ''),
	protected_identity, archived, erased, restricted, version, updated_at`

// filter is the WHERE clause every list shares: kind, archived, erased,
// restricted, walled off.
func (a *args) filter(o Options) string {
	exclude := o.Exclude
	if exclude == nil {
		exclude = []string{}
	}
	return "(" + a.add(string(o.Kind)) + "::text = '' OR kind = " + a.add(string(o.Kind)) + ")" +
		" AND (" + a.add(o.IncludeArchived) + " OR NOT archived)" +
		" AND (" + a.add(o.IncludeErased) + " OR NOT erased)" +
		" AND (" + a.add(o.IncludeRestricted) + " OR NOT restricted)" +
		" AND NOT (id = ANY(" + a.add(exclude) + "::text[]))" +
		" AND merged_into = ''"
}

func (a *args) page(o Options) string {
	limit, offset := o.page()
	return " LIMIT " + a.add(limit) + " OFFSET " + a.add(offset)
}

// summaries runs a query selecting summaryColumns.
func summaries(ctx context.Context, db DB, sql string, a args) ([]Summary, error) {
	rows, err := db.Query(ctx, sql, a...)
	if err != nil {
		return nil, fmt.Errorf("contacts: query: %w", err)
	}
	out, err := pgx.CollectRows(rows, scanSummary)
	if err != nil {
		return nil, fmt.Errorf("contacts: read rows: %w", err)
	}
	return out, nil
}

func scanSummary(row pgx.CollectableRow) (Summary, error) {
	var s Summary
	var kind string
	var version int64
	err := row.Scan(&s.ID, &kind, &s.DisplayName, &s.Number, &s.Email, &s.Phone,
		&s.ProtectedIdentity, &s.Archived, &s.Erased, &s.Restricted, &version, &s.UpdatedAt)
	s.Kind, s.Version = Kind(kind), uint64(version)
	return s, err
}
