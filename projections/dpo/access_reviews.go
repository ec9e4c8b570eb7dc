package dpo

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/klient-crm/klient/domain"
)

// AccessReview is one access review with its counts.
type AccessReview struct {
	ID          string
	StartedAt   time.Time
	StartedBy   string
	CompletedAt time.Time // zero while open
	CompletedBy string
	NextBy      time.Time // zero while open
	Members     int
	Decided     int
	Removals    int
	Version     uint64
}

// ReviewedMember is one member of a review with the decision on them.
type ReviewedMember struct {
	StaffID   string
	Roles     []string
	Teams     []string
	Walls     []string
	Grants    []string // matters granted directly (IDs)
	Decision  string   // "", keep or remove
	Reason    string
	DecidedBy string
	DecidedAt time.Time
}

const reviewColumns = `r.id, r.started_at, r.started_by, coalesce(r.completed_at, 'epoch'), r.completed_by,
	coalesce(r.next_by, 'epoch'), count(m.staff_id), count(m.staff_id) FILTER (WHERE m.decision <> ''),
	count(m.staff_id) FILTER (WHERE m.decision = 'remove'), r.version
	FROM dpo_access_reviews_v3 r LEFT JOIN dpo_access_review_members_v3 m ON m.review_id = r.id`

// AccessReviews lists the reviews, the latest started first.
func AccessReviews(ctx context.Context, db DB) ([]AccessReview, error) {
	return scanReviews(db.Query(ctx, `SELECT `+reviewColumns+` GROUP BY r.id ORDER BY r.started_at DESC, r.id`))
}

// GetAccessReview reads one review and its members in the order it found
// them; an unknown ID is domain.NotFound.
func GetAccessReview(ctx context.Context, db DB, id string) (AccessReview, []ReviewedMember, error) {
	list, err := scanReviews(db.Query(ctx, `SELECT `+reviewColumns+` WHERE r.id = $1 GROUP BY r.id`, id))
	if err == nil && len(list) == 0 {
		err = domain.NotFound("there is no such access review").WithCode("dpo.review.not_found")
	}
	if err != nil {
		return AccessReview{}, nil, err
	}
	rows, err := db.Query(ctx, `SELECT staff_id, roles, teams, walls, grants, decision, reason, decided_by, coalesce(decided_at, 'epoch')
		FROM dpo_access_review_members_v3 WHERE review_id = $1 ORDER BY position`, id)
	if err != nil {
		return AccessReview{}, nil, fmt.Errorf("dpo: access review: %w", err)
	}
	members, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (ReviewedMember, error) {
		var m ReviewedMember
		err := r.Scan(&m.StaffID, &m.Roles, &m.Teams, &m.Walls, &m.Grants, &m.Decision, &m.Reason, &m.DecidedBy, &m.DecidedAt)
		m.DecidedAt = unepoch(m.DecidedAt)
		return m, err
	})
	if err != nil {
		return AccessReview{}, nil, fmt.Errorf("dpo: access review: %w", err)
	}
	return list[0], members, nil
}

// AccessReviewDue says when the next access review is due: found is false
// before the first review was completed (one is due now). open is the
// review under way, if any.
func AccessReviewDue(ctx context.Context, db DB) (due time.Time, found bool, open string, err error) {
	var next *time.Time
	err = db.QueryRow(ctx, `SELECT (SELECT next_by FROM dpo_access_reviews_v3 WHERE completed_at IS NOT NULL
			ORDER BY completed_at DESC LIMIT 1),
		coalesce((SELECT id FROM dpo_access_reviews_v3 WHERE completed_at IS NULL ORDER BY started_at DESC LIMIT 1), '')`).
		Scan(&next, &open)
	if errors.Is(err, pgx.ErrNoRows) {
		err = nil
	}
	if err != nil {
		return time.Time{}, false, "", fmt.Errorf("dpo: access review due: %w", err)
	}
	if next != nil {
		due, found = *next, true
	}
	return due, found, open, nil
}

func scanReviews(rows pgx.Rows, err error) ([]AccessReview, error) {
	if err != nil {
		return nil, fmt.Errorf("dpo: access reviews: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (AccessReview, error) {
		var a AccessReview
		var v int64
		err := r.Scan(&a.ID, &a.StartedAt, &a.StartedBy, &a.CompletedAt, &a.CompletedBy, &a.NextBy, &a.Members, &a.Decided,
			&a.Removals, &v)
		a.CompletedAt, a.NextBy, a.Version = unepoch(a.CompletedAt), unepoch(a.NextBy), uint64(v)
		return a, err
	})
	if err != nil {
		return nil, fmt.Errorf("dpo: access reviews: %w", err)
	}
	return out, nil
}

// unepoch turns the queries' 'epoch' for NULL back into the zero time.
func unepoch(t time.Time) time.Time {
	if t.Unix() == 0 {
		return time.Time{}
	}
	return t
}
