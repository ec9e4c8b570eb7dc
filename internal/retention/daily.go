package retention

import (
	"context"
	"time"

	gdprcmd "github.com/klient-crm/klient/commands/gdpr"
	"github.com/klient-crm/klient/domain/gdpr"
	"github.com/klient-crm/klient/domain/work"
	gdprmodel "github.com/klient-crm/klient/projections/gdpr"
)

// The daily job looks every Check whether today's run is still to do, and
// runs it from Hour (Stockholm), when few people work.
const (
	Check = time.Hour
	Hour  = 2
	// lockKey elects one instance of the fleet for a run.
	lockKey = 0x6b6c2d726574 // "kl-ret"
)

// Daily runs the schedule rules once a day across the fleet, until ctx
// ends; serve starts it beside its other background jobs. After each look
// it calls after (serve brings the tombstone journal up to date there, so
// the journal lags the key store by an hour at most).
func (j Jobs) Daily(ctx context.Context, rules gdpr.RetentionRules, after func(context.Context)) {
	h, err := j.Handler(rules, j.Clock)
	if err != nil {
		j.Log.Error("retention job not started", "error", err)
		return
	}
	tick := time.NewTicker(Check)
	defer tick.Stop()
	for {
		j.RunIfDue(ctx, h, j.Clock)
		after(ctx)
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

// RunIfDue runs today's retention on this instance, unless it is too
// early, another instance is at it, or it ran today; it reports a run.
func (j Jobs) RunIfDue(ctx context.Context, h *gdprcmd.RetentionHandler, clock func() time.Time) bool {
	t := clock()
	if t.In(work.Stockholm()).Hour() < Hour {
		return false
	}
	conn, err := j.Pool.Acquire(ctx)
	if err != nil {
		return false
	}
	defer conn.Release()
	var locked bool
	if err := conn.QueryRow(ctx, `SELECT pg_try_advisory_lock($1)`, lockKey).Scan(&locked); err != nil || !locked {
		return false
	}
	defer conn.Exec(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock($1)`, lockKey) //nolint:errcheck
	last, ran, err := gdprmodel.LastRetentionRun(ctx, conn)
	if err != nil || (ran && !work.DateOf(last.StartedAt).Before(work.DateOf(t))) {
		return false
	}
	report, err := j.Run(ctx, h, false, clock)
	j.Log.Info("retention run", "deleted", len(report.Deleted), "held", report.Held, "failed", len(report.Failed))
	if err != nil && ctx.Err() == nil {
		j.Log.Warn("retention run incomplete", "error", err)
	}
	return true
}
