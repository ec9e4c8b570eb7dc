package gdpr

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// DueErasures lists the erasures that may be carried out at now (for a
// scheduler): approved ones, and scheduled ones whose day has come. It
// lists each until SubjectErased closes it.
func DueErasures(ctx context.Context, db DB, now time.Time) ([]DueErasure, error) {
	rows, err := db.Query(ctx, `SELECT subject_id, request_id, erase_at::text, status = 'approved', grounds
		FROM gdpr_erasure_schedule_v1 WHERE status IN ('scheduled', 'approved') AND erase_at <= $1::date
		ORDER BY erase_at, subject_id, request_id`, today(now))
	if err != nil {
		return nil, fmt.Errorf("gdpr: due erasures: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (DueErasure, error) {
		var e DueErasure
		var at string
		if err := row.Scan(&e.SubjectID, &e.RequestID, &at, &e.Approved, &e.Grounds); err != nil {
			return e, err
		}
		var err error
		e.EraseAt, err = parseDate("erase_at", at)
		return e, err
	})
	if err != nil {
		return nil, fmt.Errorf("gdpr: due erasures: %w", err)
	}
	return out, nil
}

// RestrictedSubjects lists every subject under a restriction (art. 18),
// whose data may only be stored: every processing job leaves them out.
func RestrictedSubjects(ctx context.Context, db DB) ([]Restricted, error) {
	rows, err := db.Query(ctx, `SELECT subject_id, restriction_request, restriction_reason,
		coalesce(restricted_until::text, ''), restricted_at FROM gdpr_subjects_v1 WHERE restricted ORDER BY subject_id`)
	if err != nil {
		return nil, fmt.Errorf("gdpr: restricted subjects: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (Restricted, error) {
		var r Restricted
		var until string
		var since *time.Time
		if err := row.Scan(&r.SubjectID, &r.RequestID, &r.Reason, &until, &since); err != nil {
			return r, err
		}
		r.Since = orZero(since)
		var err error
		r.Until, err = parseDate("restricted_until", until)
		return r, err
	})
	if err != nil {
		return nil, fmt.Errorf("gdpr: restricted subjects: %w", err)
	}
	return out, nil
}

// MarketableSubjects lists the IDs of the subjects a campaign may reach
// (gdprdomain.MayMarket: an active marketing consent, no objection, no
// restriction, not erased), in ID order.
func MarketableSubjects(ctx context.Context, db DB) ([]string, error) {
	rows, err := db.Query(ctx, `SELECT subject_id FROM gdpr_subjects_v1 WHERE may_market ORDER BY subject_id`)
	if err != nil {
		return nil, fmt.Errorf("gdpr: marketable subjects: %w", err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, fmt.Errorf("gdpr: marketable subjects: %w", err)
	}
	return out, nil
}
