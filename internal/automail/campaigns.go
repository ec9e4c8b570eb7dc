package automail

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	commcmd "github.com/klient-crm/klient/commands/communication"
	"github.com/klient-crm/klient/commands/journal"
	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/communication"
	"github.com/klient-crm/klient/domain/gdpr"
	"github.com/klient-crm/klient/projections/outbox"
)

// ResumeAfter is how long after its start a campaign with no record is
// taken for one cut off by a crash and queued again: far longer than
// queueing 100,000 recipients takes.
const ResumeAfter = 10 * time.Minute

// CampaignInterval is how often serve looks for a scheduled campaign
// that is due: a campaign leaves at most this late.
const CampaignInterval = time.Minute

// Campaigns sends the scheduled campaigns that are due (issue 15,
// "schedule or send"). Every instance runs it: each campaign is taken
// by writing its CampaignStarted against the schedule's version, so of
// two instances (or a cancel and a start) only one goes on; the loser
// sends nothing. The audience is drawn at sending time, as a page's send
// draws it, so a consent withdrawn or an objection recorded since the
// scheduling is honoured; each e-mail's link is signed for the schedule's
// public address (KLIENT_PUBLIC_URL when it was scheduled).
//
// A crash between the start and the queueing leaves a started campaign
// with no record: a round after ResumeAfter sees it and queues it through
// SendCampaign under the same ID, which writes no e-mail twice.
type Campaigns struct {
	Pool      *pgxpool.Pool
	Schedules *commcmd.ScheduleHandler
	Send      *commcmd.SendCampaignHandler
	Sent      func(ctx context.Context, id string) (bool, error) // the campaign's record is in the log
	Links     *gdpr.WithdrawalLinks
	Lifetime  time.Duration // of each e-mail's withdrawal link
	// ClientMonths is the firm's choice (KLIENT_CAMPAIGN_CLIENT_MONTHS)
	// when the campaign is sent: 0 leaves out existing clients even if
	// the schedule asked for them.
	ClientMonths int
	ReadModels   ReadModels
	Clock        func() time.Time
	Log          *slog.Logger
}

// Run runs a round now and every CampaignInterval until ctx ends.
func (c Campaigns) Run(ctx context.Context) {
	tick := time.NewTicker(CampaignInterval)
	defer tick.Stop()
	for {
		if n, err := c.RunOnce(ctx); err != nil && ctx.Err() == nil {
			c.Log.Warn("scheduled campaigns failed; the next round tries again", "error", err)
		} else if n > 0 {
			c.Log.Info("scheduled campaigns sent", "count", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

// RunOnce sends every campaign due now and returns how many this call
// sent; none while a read model the audience is drawn from is behind.
func (c Campaigns) RunOnce(ctx context.Context) (int, error) {
	if err := c.ReadModels.CaughtUp(ctx, CatchUpWait, readModels...); err != nil {
		return 0, fmt.Errorf("automail: no campaign sent this round: %w", err)
	}
	due, err := outbox.DueCampaigns(ctx, c.Pool, c.Clock())
	if err != nil {
		return 0, err
	}
	started, err := outbox.StartedUnsent(ctx, c.Pool)
	if err != nil {
		return 0, err
	}
	var sent int
	var errs []error
	for _, d := range append(due, started...) {
		ok, err := c.send(ctx, d.CampaignID)
		if ok {
			sent++
		}
		errs = append(errs, err)
	}
	return sent, errors.Join(errs...)
}

// send takes one campaign and queues it; false when another instance or
// a cancel came first, or it is already queued.
func (c Campaigns) send(ctx context.Context, id string) (bool, error) {
	s, found, err := c.Schedules.Load(ctx, id)
	if err != nil || !found {
		return false, err
	}
	actor := journal.Actor{ID: s.ScheduledBy}
	switch s.State {
	case communication.ScheduleWaiting:
		if _, err := c.Schedules.Start(ctx, actor, s); err != nil {
			if domain.IsKind(err, domain.KindConflict) {
				return false, nil // taken by another instance, or cancelled
			}
			return false, err
		}
		s.Version++
		s.State = communication.ScheduleStarted
	case communication.ScheduleStarted:
		// Resumed only when it is not being queued by another instance
		// this moment: one whose start is older than ResumeAfter.
		if !c.Schedules.Abandoned(s, ResumeAfter) {
			return false, nil
		}
		if done, err := c.Sent(ctx, id); err != nil || done {
			return false, err
		}
	default:
		return false, nil
	}
	var since time.Time
	if s.ExistingClients && c.ClientMonths > 0 {
		since = c.Clock().AddDate(0, -c.ClientMonths, 0)
	}
	audience, err := outbox.Audience(ctx, c.Pool, s.Purpose, since, 0)
	if err != nil {
		return false, err
	}
	recipients, err := outbox.Recipients(audience, c.Links, s.PublicURL, c.Clock().Add(c.Lifetime).Truncate(time.Second))
	if err != nil {
		return false, err
	}
	_, err = c.Send.Handle(ctx, commcmd.SendCampaign{Actor: actor, CampaignID: id, Name: s.Name, Purpose: s.Purpose,
		Subject: s.Subject, Body: s.Body, Footer: s.Footer, ObjectionFooter: s.ObjectionFooter, Recipients: recipients})
	switch {
	case domain.IsKind(err, domain.KindConflict):
		return false, nil // another instance resumed it first
	case domain.IsKind(err, domain.KindInvalid):
		// Nobody left to send to (every consent withdrawn meanwhile):
		// the campaign is recorded dropped, so no round tries again.
		c.Log.Warn("a scheduled campaign could not be sent when due", "campaign_id", id, "error", err)
		reason := "campaign.invalid"
		var de *domain.Error
		if errors.As(err, &de) && de.Code != "" {
			reason = de.Code
		}
		_, err = c.Schedules.Drop(ctx, actor, s, reason)
		if domain.IsKind(err, domain.KindConflict) {
			err = nil
		}
		return false, err
	}
	return err == nil, err
}
