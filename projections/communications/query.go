package communications

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/access"
	"github.com/klient-crm/klient/projections"
)

const entryColumns = `id, kind, occurred_at, participants, matter_id, contact_ids, data_subject, subject, body,
	to_char(follow_up_on, 'YYYY-MM-DD'), follow_up_staff, corrected_at, deleted, erased, logged_by, logged_at,
	updated_at, version, special, special_categories, special_grounds`

// ForMatter lists the entries filed under a matter, newest first.
func ForMatter(ctx context.Context, db DB, matterID string, f Filter) ([]Entry, error) {
	return list(ctx, db, `matter_id = $1`, matterID, f)
}

// ForContact lists the entries filed under a contact or in which the
// contact took part, newest first.
func ForContact(ctx context.Context, db DB, contactID string, f Filter) ([]Entry, error) {
	return list(ctx, db, `(contact_ids @> ARRAY[$1]::text[]
		OR participants @> jsonb_build_array(jsonb_build_object('kind', 'contact', 'id', $1::text)))`, contactID, f)
}

func list(ctx context.Context, db DB, where, id string, f Filter) ([]Entry, error) {
	if id == "" {
		return nil, nil
	}
	args := []any{id}
	arg := func(v any) string { args = append(args, v); return "$" + strconv.Itoa(len(args)) }
	conds := []string{where}
	if !f.IncludeDeleted {
		conds = append(conds, "NOT deleted")
	}
	if f.WithoutSpecial {
		conds = append(conds, "NOT special")
	}
	if len(f.Kinds) > 0 {
		conds = append(conds, "kind = ANY("+arg(kindStrings(f))+")")
	}
	if !f.From.IsZero() {
		conds = append(conds, "occurred_at >= "+arg(f.From))
	}
	if !f.To.IsZero() {
		conds = append(conds, "occurred_at < "+arg(f.To))
	}
	if f.Viewer != nil {
		matters, contacts := access.WalledIDs(f.Walls)
		scope := projections.Scope{StaffID: f.Viewer.StaffID, Teams: f.Viewer.Teams,
			WalledMatters: matters, WalledContacts: contacts}
		conds = append(conds, scope.FiledUnder("matter_id", arg), scope.Unwalled("contact_ids", arg),
			scope.Unwalled("ARRAY(SELECT p->>'id' FROM jsonb_array_elements(participants) p WHERE p->>'kind' <> 'staff')", arg))
	}
	if k := f.After; k != nil {
		conds = append(conds, "(occurred_at, id) < ("+arg(k.At)+"::timestamptz, "+arg(k.ID)+"::text)")
	}
	limit, offset := f.page()
	sql := `SELECT ` + entryColumns + ` FROM communications_v2 WHERE ` + strings.Join(conds, " AND ") +
		` ORDER BY occurred_at DESC, id DESC LIMIT ` + arg(limit) + ` OFFSET ` + arg(offset)
	return collect(db.Query(ctx, sql, args...))
}

func kindStrings(f Filter) []string {
	out := make([]string, len(f.Kinds))
	for i, k := range f.Kinds {
		out[i] = string(k)
	}
	return out
}

// Get returns one entry, deleted or not. An unknown ID is KindNotFound
// (code communication.not_found); an erased entry is KindErased
// (communication.erased), returned with what is left of it.
func Get(ctx context.Context, db DB, id string) (Entry, error) {
	e, err := scanEntry(db.QueryRow(ctx, `SELECT `+entryColumns+` FROM communications_v2 WHERE id = $1`, id))
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return Entry{}, domain.NotFound("there is no such entry in the communication log").WithCode("communication.not_found")
	case err != nil:
		return Entry{}, domain.Internal(fmt.Errorf("communications: get: %w", err))
	case e.Erased:
		return e, domain.Erased("this entry's text has been erased").WithCode("communication.erased")
	}
	return e, nil
}

// FollowUpsFor lists the open follow-ups assigned to a staff member, the
// earliest due first (overdue ones lead), for the start page: the first
// limit of them (at most maxLimit; 0 asks for maxLimit).
func FollowUpsFor(ctx context.Context, db DB, staffID string, limit int) ([]Entry, error) {
	if limit <= 0 || limit > maxLimit {
		limit = maxLimit
	}
	return collect(db.Query(ctx, `SELECT `+entryColumns+` FROM communications_v2
		WHERE follow_up_staff = $1 AND follow_up_on IS NOT NULL AND NOT deleted
		ORDER BY follow_up_on, occurred_at, id LIMIT $2`, staffID, limit))
}

// LatestOfContacts is, for each of contactIDs that is in any entry
// (deleted ones too: their text is still sealed in the log), the later of
// when its newest entry happened and when that entry was logged: the last
// activity retention weighs, for a page of contacts in one query. OFFSET 0
// keeps the planner from walking the whole log backwards by date looking
// for each contact's newest entry: it finds their few entries by the
// indexes and sorts those.
func LatestOfContacts(ctx context.Context, db DB, contactIDs []string) (map[string]time.Time, error) {
	rows, err := db.Query(ctx, `SELECT c.id, e.at FROM unnest($1::text[]) c(id)
		CROSS JOIN LATERAL (SELECT greatest(occurred_at, logged_at) AS at FROM (SELECT occurred_at, logged_at, id FROM communications_v2
			WHERE contact_ids @> ARRAY[c.id] OR participants @> jsonb_build_array(jsonb_build_object('kind', 'contact', 'id', c.id))
			OFFSET 0) mine ORDER BY occurred_at DESC, id DESC LIMIT 1) e`, contactIDs)
	if err != nil {
		return nil, fmt.Errorf("communications: latest of contacts: %w", err)
	}
	out := make(map[string]time.Time, len(contactIDs))
	var id string
	var at time.Time
	_, err = pgx.ForEachRow(rows, []any{&id, &at}, func() error { out[id] = at; return nil })
	if err != nil {
		return nil, fmt.Errorf("communications: latest of contacts: %w", err)
	}
	return out, nil
}
