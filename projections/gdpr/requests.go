package gdpr

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/klient-crm/klient/domain"
	gdprdomain "github.com/klient-crm/klient/domain/gdpr"
	"github.com/klient-crm/klient/domain/work"
)

// requestColumns are read by scanRequest; $1 is today's Stockholm date,
// against which overdue is judged (answered in time on the deadline day).
const requestColumns = `r.request_id, r.subject_id, r.kind, r.channel, r.status, r.received_at, r.deadline::text,
	r.extended, r.extension_reason, r.requester_note, r.verified_at, r.verified_by, r.verified_how, r.handler,
	r.completed_at, r.outcome, r.refused_at, r.refusal_ground, r.status = 'open' AND r.deadline < $1::date,
	coalesce(s.erased, false), r.version, r.updated_at
	FROM gdpr_requests_v1 r LEFT JOIN gdpr_subjects_v1 s USING (subject_id)`

// Requests lists the register, oldest deadline first, as f narrows it.
func Requests(ctx context.Context, db DB, f Filter) ([]Request, error) {
	limit, offset := f.page()
	after := f.After
	if after == nil {
		after = &RequestKey{}
	}
	exclude := f.Exclude
	if exclude == nil {
		exclude = []string{}
	}
	rows, err := db.Query(ctx, `SELECT `+requestColumns+`
		WHERE ($2 = '' OR r.status = $2) AND ($3 = '' OR r.kind = $3) AND ($4 = '' OR r.subject_id = $4)
		AND (NOT $5 OR (r.status = 'open' AND r.deadline < $1::date))
		AND NOT (r.subject_id = ANY($8::text[]))
		AND (NOT $9 OR (r.deadline, r.received_at, r.request_id) > ($10::date, $11::timestamptz, $12::text))
		ORDER BY r.deadline, r.received_at, r.request_id LIMIT $6 OFFSET $7`,
		today(f.Now), string(f.Status), string(f.Kind), f.SubjectID, f.OverdueOnly, limit, offset,
		exclude, f.After != nil, orNull(after.Deadline), after.Received, after.ID)
	if err != nil {
		return nil, fmt.Errorf("gdpr: requests: %w", err)
	}
	out, err := pgx.CollectRows(rows, scanRequest)
	if err != nil {
		return nil, fmt.Errorf("gdpr: requests: %w", err)
	}
	return out, nil
}

// Overdue lists the open requests whose deadline has passed by now.
func Overdue(ctx context.Context, db DB, now time.Time) ([]Request, error) {
	return Requests(ctx, db, Filter{Status: gdprdomain.StatusOpen, OverdueOnly: true, Now: now, Limit: maxLimit})
}

// GetRequest returns one request, judged overdue at now; an unknown ID is
// a not-found error (code "gdpr.request.not_found").
func GetRequest(ctx context.Context, db DB, requestID string, now time.Time) (Request, error) {
	rows, err := db.Query(ctx, `SELECT `+requestColumns+` WHERE r.request_id = $2`, today(now), requestID)
	if err != nil {
		return Request{}, fmt.Errorf("gdpr: request: %w", err)
	}
	r, err := pgx.CollectExactlyOneRow(rows, scanRequest)
	if errors.Is(err, pgx.ErrNoRows) {
		return Request{}, domain.NotFound("there is no such request").WithCode("gdpr.request.not_found")
	}
	if err != nil {
		return Request{}, fmt.Errorf("gdpr: request: %w", err)
	}
	return r, nil
}

// orNull is a date as a query parameter: NULL for no date.
func orNull(d work.Date) *string {
	if d.IsZero() {
		return nil
	}
	s := d.String()
	return &s
}

func today(now time.Time) string {
	if now.IsZero() {
		now = time.Now()
	}
	return work.DateOf(now).String()
}

func scanRequest(row pgx.CollectableRow) (Request, error) {
	var r Request
	var deadline string
	var verified, completed, refused *time.Time
	var version int64
	err := row.Scan(&r.RequestID, &r.SubjectID, &r.Kind, &r.Channel, &r.Status, &r.ReceivedAt, &deadline,
		&r.Extended, &r.ExtensionReason, &r.RequesterNote, &verified, &r.VerifiedBy, &r.VerifiedHow, &r.Handler,
		&completed, &r.Outcome, &refused, &r.RefusalGround, &r.Overdue, &r.Erased, &version, &r.UpdatedAt)
	if err != nil {
		return r, err
	}
	r.Verified, r.VerifiedAt = verified != nil, orZero(verified)
	r.CompletedAt, r.RefusedAt, r.Version = orZero(completed), orZero(refused), uint64(version)
	r.Deadline, err = parseDate("deadline", deadline)
	return r, err
}

// RequestsOfSubjects lists every request of each of subjectIDs in one
// query: retention asks it of every contact, a page at a time.
func RequestsOfSubjects(ctx context.Context, db DB, now time.Time, subjectIDs []string) ([]Request, error) {
	rows, err := db.Query(ctx, `SELECT `+requestColumns+` WHERE r.subject_id = ANY($2) ORDER BY r.subject_id, r.received_at`,
		today(now), subjectIDs)
	if err != nil {
		return nil, fmt.Errorf("gdpr: requests of subjects: %w", err)
	}
	out, err := pgx.CollectRows(rows, scanRequest)
	if err != nil {
		return nil, fmt.Errorf("gdpr: requests of subjects: %w", err)
	}
	return out, nil
}
