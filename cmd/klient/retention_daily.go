package main

import (
	"context"
	"time"

	gdprcmd "github.com/klient-crm/klient/commands/gdpr"
	"github.com/klient-crm/klient/domain/work"
	gdprmodel "github.com/klient-crm/klient/projections/gdpr"
)

// The daily job looks every retentionCheck whether today's run is still to
// do, and runs it from retentionHour (Stockholm), when few people work.
const (
	retentionCheck = time.Hour
	retentionHour  = 2
	// retentionLockKey elects one instance of the fleet for a run.
	retentionLockKey = 0x6b6c2d726574 // "kl-ret"
)

// runRetentionDaily runs the retention schedule once a day across the
// fleet, until ctx ends; serve starts it beside its other background
// jobs. The rules come from KLIENT_RETENTION_RULES (a file), or are the
// defaults. After each look it also brings the tombstone journal up to
// date, so it lags the key store by an hour at most.
func (a *app) runRetentionDaily(ctx context.Context) {
	h, err := a.retentionHandler(a.retention, now)
	if err != nil {
		a.log.Error("retention job not started", "error", err)
		return
	}
	tick := time.NewTicker(retentionCheck)
	defer tick.Stop()
	for {
		a.retainIfDue(ctx, h, now)
		if _, err := a.exportTombstones(ctx, a.tombstoneJournal()); err != nil && ctx.Err() == nil {
			a.log.Warn("tombstone journal not brought up to date", "error", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

// retainIfDue runs today's retention on this instance, unless it is too
// early, another instance is at it, or it ran today; it reports a run.
func (a *app) retainIfDue(ctx context.Context, h *gdprcmd.RetentionHandler, clock func() time.Time) bool {
	t := clock()
	if t.In(work.Stockholm()).Hour() < retentionHour {
		return false
	}
	conn, err := a.pool.Acquire(ctx)
	if err != nil {
		return false
	}
	defer conn.Release()
	var locked bool
	if err := conn.QueryRow(ctx, `SELECT pg_try_advisory_lock($1)`, retentionLockKey).Scan(&locked); err != nil || !locked {
		return false
	}
	defer conn.Exec(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock($1)`, retentionLockKey) //nolint:errcheck
	last, ran, err := gdprmodel.LastRetentionRun(ctx, conn)
	if err != nil || (ran && !work.DateOf(last.StartedAt).Before(work.DateOf(t))) {
		return false
	}
	report, err := a.retain(ctx, h, false, clock)
	a.log.Info("retention run", "deleted", len(report.Deleted), "held", report.Held, "failed", len(report.Failed))
	if err != nil && ctx.Err() == nil {
		a.log.Warn("retention run incomplete", "error", err)
	}
	return true
}
