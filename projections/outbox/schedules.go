package outbox

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/klient-crm/klient/domain/communication"
)

// setSchedule records a scheduled campaign's state; an older version (a
// replay) changes nothing.
func setSchedule(ctx context.Context, tx pgx.Tx, ev any, version uint64) error {
	var id, state string
	var sendAt *time.Time
	switch e := ev.(type) {
	case communication.CampaignScheduled:
		id, state, sendAt = e.CampaignID, communication.ScheduleWaiting, &e.SendAt
	case communication.CampaignCancelled:
		id, state = e.CampaignID, communication.ScheduleCancelled
	case communication.CampaignStarted:
		id, state = e.CampaignID, communication.ScheduleStarted
	default:
		return nil
	}
	_, err := tx.Exec(ctx, `INSERT INTO public.mail_campaign_schedules (campaign_id, send_at, state, version)
		VALUES ($1, COALESCE($2, now()), $3, $4)
		ON CONFLICT (campaign_id) DO UPDATE SET state = excluded.state, version = excluded.version
		WHERE mail_campaign_schedules.version < excluded.version`, id, sendAt, state, int64(version))
	if err != nil {
		return fmt.Errorf("outbox: schedule of campaign %s: %w", id, err)
	}
	return nil
}

// ScheduledCampaign is a campaign waiting to be sent.
type ScheduledCampaign struct {
	CampaignID string
	SendAt     time.Time
}

// DueCampaigns lists the scheduled campaigns whose time has come by now,
// oldest first.
func DueCampaigns(ctx context.Context, pool *pgxpool.Pool, now time.Time) ([]ScheduledCampaign, error) {
	return scheduled(ctx, pool, `SELECT campaign_id::text, send_at FROM mail_campaign_schedules
		WHERE state = 'scheduled' AND send_at <= $1 ORDER BY send_at, campaign_id`, now)
}

// WaitingCampaigns lists the campaigns scheduled and not yet sent or
// cancelled, soonest first, for the list pages.
func WaitingCampaigns(ctx context.Context, pool *pgxpool.Pool) ([]ScheduledCampaign, error) {
	return scheduled(ctx, pool, `SELECT campaign_id::text, send_at FROM mail_campaign_schedules
		WHERE state = 'scheduled' ORDER BY send_at, campaign_id`)
}

func scheduled(ctx context.Context, pool *pgxpool.Pool, query string, args ...any) ([]ScheduledCampaign, error) {
	rows, err := pool.Query(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("outbox: scheduled campaigns: %w", err)
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (c ScheduledCampaign, err error) {
		err = r.Scan(&c.CampaignID, &c.SendAt)
		return c, err
	})
}

// StartedUnsent lists the campaigns the due job started and whose e-mails
// are not in the outbox: a crash came between the start and the queueing
// (or the outbox has not caught up; the job checks the log before it
// queues).
func StartedUnsent(ctx context.Context, pool *pgxpool.Pool) ([]ScheduledCampaign, error) {
	return scheduled(ctx, pool, `SELECT s.campaign_id::text, s.send_at FROM mail_campaign_schedules s
		WHERE s.state = 'started' AND NOT EXISTS (SELECT 1 FROM mail_outbox o WHERE o.campaign_id = s.campaign_id)
		ORDER BY s.send_at, s.campaign_id`)
}
