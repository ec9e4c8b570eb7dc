package dpo

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// AffectedFilter is the question "whom did this touch?" after a breach:
// the people a staff account (or every account, when StaffID is empty),
// or an API token, read or changed in the half-open window From <= t <
// To. A token's reads are the access log's rows made with it; its changes
// are the audit trail's events of the requests those rows belong to (the
// audit trail names the member, the access log the token: the
// correlation ID joins them).
type AffectedFilter struct {
	StaffID  string
	TokenID  string
	From, To time.Time
	Limit    int // at most this many people; 0: MaxAffected
	Offset   int // skip this many, in the answer's order: the next page
}

// MaxAffected bounds one answer; Count still counts them all.
const MaxAffected = 5000

// Affected is one person touched, with how: Views from the access log
// (pages, API reads, exports, downloads; refusals are no views), Changes
// from the audit trail (events whose sealed fields are theirs).
type Affected struct {
	SubjectID string
	Views     int
	Changes   int
	First     time.Time
	Last      time.Time
}

// touchedSQL gathers the touches of the window from both logs, keeping
// only contacts (a matter's, a breach's or a staff member's own subject
// is not a person to notify).
const touchedSQL = `WITH touched AS (
	SELECT unnest(subjects) AS subject, true AS viewed, at FROM access_log
	WHERE refused = '' AND ($1 = '' OR staff_id = $1) AND ($5 = '' OR token_id = $5) AND at >= $2 AND at < $3
	UNION ALL
	SELECT unnest(subjects), false, occurred_at FROM audit_trail_v1
	WHERE ($1 = '' OR actor = $1) AND occurred_at >= $2 AND occurred_at < $3
		AND ($5 = '' OR correlation_id IN (SELECT correlation_id FROM access_log
			WHERE token_id = $5 AND at >= $2 AND at < $3 AND correlation_id <> ''))
), people AS (
	SELECT t.subject, count(*) FILTER (WHERE t.viewed) AS views, count(*) FILTER (WHERE NOT t.viewed) AS changes,
		min(t.at) AS first, max(t.at) AS last
	FROM touched t JOIN contacts_v1 c ON c.id = t.subject
	GROUP BY t.subject
)`

// FindAffected answers f: one page of the people touched, the most
// recently touched first, and how many there are in all.
func FindAffected(ctx context.Context, db DB, f AffectedFilter) ([]Affected, int, error) {
	limit := f.Limit
	if limit <= 0 || limit > MaxAffected {
		limit = MaxAffected
	}
	rows, err := db.Query(ctx, touchedSQL+`
		SELECT subject, views, changes, first, last, count(*) OVER () FROM people ORDER BY last DESC, subject LIMIT $4 OFFSET $6`,
		f.StaffID, f.From, f.To, limit, f.TokenID, max(f.Offset, 0))
	if err != nil {
		return nil, 0, fmt.Errorf("dpo: affected: %w", err)
	}
	total := 0
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (Affected, error) {
		var a Affected
		var views, changes, all int64
		err := r.Scan(&a.SubjectID, &views, &changes, &a.First, &a.Last, &all)
		a.Views, a.Changes, total = int(views), int(changes), int(all)
		return a, err
	})
	if err != nil {
		return nil, 0, fmt.Errorf("dpo: affected: %w", err)
	}
	if len(out) == 0 && f.Offset > 0 { // past the end: count them all the same
		_, total, err = FindAffected(ctx, db, AffectedFilter{StaffID: f.StaffID, TokenID: f.TokenID, From: f.From, To: f.To, Limit: 1})
	}
	return out, total, err
}
