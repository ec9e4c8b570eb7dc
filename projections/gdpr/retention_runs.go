package gdpr

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/klient-crm/klient/domain"
)

// RetentionRun is one retention run that deleted (or tried to): the
// evidence that the schedule is kept, and how the daily job knows it has
// run today on some instance.
type RetentionRun struct {
	StartedAt  time.Time `json:"started_at"`
	FinishedAt time.Time `json:"finished_at"`
	RunBy      string    `json:"run_by"` // RetentionActor or a staff ID
	Deleted    int64     `json:"deleted"`
	Failed     int64     `json:"failed"`
}

// RecordRetentionRun writes r. Dry runs are not recorded: they change
// nothing.
func RecordRetentionRun(ctx context.Context, db DB, r RetentionRun) error {
	_, err := db.Exec(ctx, `INSERT INTO gdpr_retention_runs (started_at, finished_at, run_by, deleted, failed)
		VALUES ($1, $2, $3, $4, $5)`, r.StartedAt, r.FinishedAt, r.RunBy, r.Deleted, r.Failed)
	if err != nil {
		return domain.Internal(fmt.Errorf("gdpr: retention run: %w", err))
	}
	return nil
}

// LastRetentionRun returns the run that finished last; false when none has.
func LastRetentionRun(ctx context.Context, db DB) (RetentionRun, bool, error) {
	var r RetentionRun
	err := db.QueryRow(ctx, `SELECT started_at, finished_at, run_by, deleted, failed FROM gdpr_retention_runs
		ORDER BY finished_at DESC, id DESC LIMIT 1`).Scan(&r.StartedAt, &r.FinishedAt, &r.RunBy, &r.Deleted, &r.Failed)
	if errors.Is(err, pgx.ErrNoRows) {
		return RetentionRun{}, false, nil
	}
	if err != nil {
		return RetentionRun{}, false, domain.Internal(fmt.Errorf("gdpr: last retention run: %w", err))
	}
	return r, true, nil
}
