package dpo

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/klient-crm/klient/domain"
	domaindpo "github.com/klient-crm/klient/domain/dpo"
)

// DB is what the queries read through: a pool, a connection or a
// transaction.
type DB interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// Breach is one line of the breach register, with its latest assessment.
type Breach struct {
	ID           string
	Reference    string
	DiscoveredAt time.Time
	Summary      string
	RecordedBy   string // staff ID

	Assessments       int // how many; 0: not assessed yet
	StartedAt         time.Time
	EndedAt           time.Time
	Nature            []domaindpo.Nature
	SubjectCategories string
	SubjectsApprox    int
	DataCategories    string
	RecordsApprox     int
	Consequences      string
	Severity          domaindpo.Severity
	MeasuresTaken     string
	MeasuresPlanned   string
	AssessedBy        string
	AssessedAt        time.Time

	ReportedAt        time.Time
	IMYReference      string
	DelayReason       string
	NotReportedAt     time.Time
	NotReportedReason string

	Subjects     string // "", "informed" or "not_informed"
	SubjectsAt   time.Time
	SubjectsNote string

	Version     uint64
	UpdatedAt   time.Time
	Supplements []Supplement // read by GetBreach only
}

// Supplement is information given to IMY after the notification.
type Supplement struct {
	At   time.Time
	Text string
	By   string // staff ID
}

// Clock is the breach's 72-hour clock, as the domain reads it.
func (b Breach) Clock() domaindpo.Clock {
	c := domaindpo.ClockFrom(b.DiscoveredAt)
	switch {
	case !b.ReportedAt.IsZero():
		c.StoppedAt = b.ReportedAt
	case !b.NotReportedAt.IsZero():
		c.StoppedAt = b.NotReportedAt
	}
	return c
}

// Filter picks a page of the register, newest discovery first.
type Filter struct {
	Limit int
	// AfterDiscovered and AfterID are the last row of the previous page.
	AfterDiscovered time.Time
	AfterID         string
}

const breachColumns = `id, reference, discovered_at, summary, recorded_by, assessments,
	coalesce(started_at, 'epoch'), coalesce(ended_at, 'epoch'), nature, subject_categories, subjects_approx,
	data_categories, records_approx, consequences, severity, measures_taken, measures_planned, assessed_by,
	coalesce(assessed_at, 'epoch'), coalesce(reported_at, 'epoch'), imy_reference, delay_reason,
	coalesce(not_reported_at, 'epoch'), not_reported_reason, subjects, coalesce(subjects_at, 'epoch'), subjects_note,
	version, updated_at`

// Breaches lists a page of the register, the latest discovered first.
func Breaches(ctx context.Context, db DB, f Filter) ([]Breach, error) {
	// The API reads a page and one row more (up to 501) to know whether
	// another follows: a larger ask is capped there, never cut to the
	// default, which would end the register early without a cursor.
	limit := f.Limit
	if limit <= 0 {
		limit = 100
	}
	limit = min(limit, 501)
	after := f.AfterDiscovered
	if f.AfterID == "" {
		after = time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	return scanBreaches(db.Query(ctx, `SELECT `+breachColumns+` FROM dpo_breaches_v3
		WHERE (discovered_at, id) < ($1, $2) ORDER BY discovered_at DESC, id DESC LIMIT $3`, after, f.AfterID, limit))
}

// Running lists the breaches whose clock runs: neither reported nor
// decided not to be, the nearest deadline first.
func Running(ctx context.Context, db DB) ([]Breach, error) {
	return scanBreaches(db.Query(ctx, `SELECT `+breachColumns+` FROM dpo_breaches_v3
		WHERE reported_at IS NULL AND not_reported_at IS NULL ORDER BY deadline, id`))
}

// GetBreach reads one breach with its supplements; an unknown ID is
// domain.NotFound.
func GetBreach(ctx context.Context, db DB, id string) (Breach, error) {
	list, err := scanBreaches(db.Query(ctx, `SELECT `+breachColumns+` FROM dpo_breaches_v3 WHERE id = $1`, id))
	if err != nil {
		return Breach{}, err
	}
	if len(list) == 0 {
		return Breach{}, domain.NotFound("there is no such breach").WithCode("dpo.breach.not_found")
	}
	b := list[0]
	rows, err := db.Query(ctx, `SELECT supplemented_at, text, by_staff FROM dpo_breach_supplements_v3
		WHERE breach_id = $1 ORDER BY version`, id)
	if err != nil {
		return Breach{}, fmt.Errorf("dpo: supplements: %w", err)
	}
	b.Supplements, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (Supplement, error) {
		var s Supplement
		return s, r.Scan(&s.At, &s.Text, &s.By)
	})
	if err != nil {
		return Breach{}, fmt.Errorf("dpo: supplements: %w", err)
	}
	return b, nil
}

func scanBreaches(rows pgx.Rows, err error) ([]Breach, error) {
	if err != nil {
		return nil, fmt.Errorf("dpo: breaches: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (Breach, error) {
		var b Breach
		var natures []string
		var severity string
		var v int64
		err := r.Scan(&b.ID, &b.Reference, &b.DiscoveredAt, &b.Summary, &b.RecordedBy, &b.Assessments,
			&b.StartedAt, &b.EndedAt, &natures, &b.SubjectCategories, &b.SubjectsApprox, &b.DataCategories,
			&b.RecordsApprox, &b.Consequences, &severity, &b.MeasuresTaken, &b.MeasuresPlanned, &b.AssessedBy,
			&b.AssessedAt, &b.ReportedAt, &b.IMYReference, &b.DelayReason, &b.NotReportedAt, &b.NotReportedReason,
			&b.Subjects, &b.SubjectsAt, &b.SubjectsNote, &v, &b.UpdatedAt)
		for _, n := range natures {
			b.Nature = append(b.Nature, domaindpo.Nature(n))
		}
		b.Severity, b.Version = domaindpo.Severity(severity), uint64(v)
		for _, t := range []*time.Time{&b.StartedAt, &b.EndedAt, &b.AssessedAt, &b.ReportedAt, &b.NotReportedAt, &b.SubjectsAt} {
			if t.Unix() == 0 {
				*t = time.Time{}
			}
		}
		return b, err
	})
	if err != nil && !errors.Is(err, pgx.ErrNoRows) {
		return nil, fmt.Errorf("dpo: breaches: %w", err)
	}
	return out, nil
}
