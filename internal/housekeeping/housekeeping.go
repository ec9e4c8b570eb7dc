// Package housekeeping is serve's hourly sweep: expired sessions, stale
// login-throttle records and abandoned uploads are removed, and the
// communication volume counts' window moves on. Every instance runs it:
// each step is idempotent.
//
// May import: the credentials store and the read models whose rows it
// removes or moves.
package housekeeping

import (
	"context"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/klient-crm/klient/crypto/credentials"
	"github.com/klient-crm/klient/projections/communications"
	"github.com/klient-crm/klient/projections/documents"
)

// Interval is how often the sweep runs.
const Interval = time.Hour

// Sweeper is what the sweep goes through.
type Sweeper struct {
	Pool    *pgxpool.Pool // read models
	Secrets *credentials.Store
	Log     *slog.Logger
	Clock   func() time.Time
}

// Run sweeps now and every Interval until ctx ends.
func (s Sweeper) Run(ctx context.Context) {
	tick := time.NewTicker(Interval)
	defer tick.Stop()
	for {
		s.Sweep(ctx)
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

// Sweep removes and moves on once, and logs counts only: what was removed
// says nothing about anyone.
func (s Sweeper) Sweep(ctx context.Context) {
	sessions, err1 := s.Secrets.DeleteExpiredSessions(ctx)
	throttles, err2 := s.Secrets.Throttle().DeleteStale(ctx)
	uploads, err3 := documents.DeleteAbandoned(ctx, s.Pool, time.Hour)
	err4 := communications.AdvanceVolumeWindow(ctx, s.Pool, s.Clock())
	for _, err := range []error{err1, err2, err3, err4} {
		if err != nil && ctx.Err() == nil {
			s.Log.Warn("housekeeping failed", "error", err)
		}
	}
	s.Log.Info("housekeeping", "expired_sessions", sessions, "stale_throttles", throttles, "abandoned_uploads", uploads)
}
