package communication

import (
	"context"
	"time"

	"github.com/klient-crm/klient/commands/journal"
	"github.com/klient-crm/klient/domain"
	domaincommunication "github.com/klient-crm/klient/domain/communication"
	"github.com/klient-crm/klient/eventstore"
)

// ScheduleCampaign asks for a campaign to be sent later: the text and
// how its audience is drawn, in the campaign's schedule stream. The due
// job (internal/automail.Campaigns) draws the audience and queues the
// campaign through SendCampaign under the same ID when SendAt comes.
type ScheduleCampaign struct {
	Actor    journal.Actor
	Schedule domaincommunication.CampaignScheduled // CampaignID optional: a client-chosen UUID makes a resend schedule once
}

// CancelCampaign cancels a scheduled campaign before it is sent.
type CancelCampaign struct {
	Actor      journal.Actor
	CampaignID string
}

// Schedule is a scheduled campaign as its stream holds it.
type Schedule struct {
	domaincommunication.CampaignScheduled
	State     string // domaincommunication.ScheduleWaiting, ScheduleCancelled or ScheduleStarted
	StartedAt time.Time
	Version   uint64
}

// ScheduleHandler handles ScheduleCampaign, CancelCampaign and the due
// job's start of a campaign.
type ScheduleHandler struct{ log *Communications }

// NewScheduleHandler returns the handler.
func NewScheduleHandler(log *Communications) (*ScheduleHandler, error) {
	if err := requireCommunications("NewScheduleHandler", log); err != nil {
		return nil, err
	}
	return &ScheduleHandler{log: log}, nil
}

var errNoCampaign = domain.NotFound("there is no such campaign").WithCode("campaign.not_found")

// Schedule writes the schedule; a second one under the same ID is taken.
func (h *ScheduleHandler) Schedule(ctx context.Context, cmd ScheduleCampaign) (CampaignResult, error) {
	if err := cmd.Actor.Check(); err != nil {
		return CampaignResult{}, err
	}
	id, err := journal.NewID(cmd.Schedule.CampaignID, domain.Invalid("campaign_id", "a campaign ID is a UUID").WithCode("campaign.id.format"))
	if err != nil {
		return CampaignResult{}, err
	}
	// An ID already sent cannot be scheduled again.
	if _, sent, err := h.log.LoadCampaign(ctx, id); err != nil || sent {
		if err == nil {
			err = domain.Conflict("a campaign with this ID has already been sent").WithCode("campaign.id.taken")
		}
		return CampaignResult{}, err
	}
	cmd.Schedule.CampaignID = id
	now := h.log.journal.Now()
	ev, err := domaincommunication.ScheduleCampaign(cmd.Schedule, now)
	if err != nil {
		return CampaignResult{}, err
	}
	stream := journal.Stream{Name: domaincommunication.CampaignScheduleStreamName(id), StaleCode: "campaign.id.taken"}
	res, err := h.log.journal.Append(ctx, cmd.Actor, stream, eventstore.NoStream, []domain.Event{ev}, now)
	if err != nil {
		return CampaignResult{}, err
	}
	return CampaignResult{CampaignID: id, Position: res.LastPosition}, nil
}

// Cancel cancels a waiting campaign. One sent now (scheduled and
// started, or sent at once) is a conflict; an unknown ID is not found.
func (h *ScheduleHandler) Cancel(ctx context.Context, cmd CancelCampaign) (CampaignResult, error) {
	if err := cmd.Actor.Check(); err != nil {
		return CampaignResult{}, err
	}
	s, found, err := h.Load(ctx, cmd.CampaignID)
	if err != nil {
		return CampaignResult{}, err
	}
	if !found {
		if _, sent, err := h.log.LoadCampaign(ctx, cmd.CampaignID); err != nil || !sent {
			if err == nil {
				err = errNoCampaign
			}
			return CampaignResult{}, err
		}
		s.State = domaincommunication.ScheduleStarted
	}
	ev, err := domaincommunication.CancelCampaign(s.CampaignID, s.State, h.log.journal.Now())
	if err != nil {
		return CampaignResult{}, err
	}
	return h.advance(ctx, cmd.Actor, s, ev)
}

// Start records that the due job takes the campaign: written against the
// schedule's version, so a cancel or another instance's start written
// first makes it fail as stale (the caller then sends nothing).
func (h *ScheduleHandler) Start(ctx context.Context, actor journal.Actor, s Schedule) (CampaignResult, error) {
	if s.State != domaincommunication.ScheduleWaiting {
		return CampaignResult{}, domain.Conflict("the campaign is not waiting").WithCode("campaign.cancel.sent")
	}
	return h.advance(ctx, actor, s, domaincommunication.CampaignStarted{CampaignID: s.CampaignID, StartedAt: h.log.journal.Now()})
}

// Abandoned reports whether s was started more than after ago (by the
// log's clock) and so, with no record yet, was cut off by a crash rather
// than being queued by another instance now.
func (h *ScheduleHandler) Abandoned(s Schedule, after time.Duration) bool {
	return s.State == domaincommunication.ScheduleStarted && h.log.journal.Now().Sub(s.StartedAt) > after
}

// Drop records that a started campaign could not be queued when due
// (reason: the refusal's code, e.g. an audience empty by then), so that
// no round tries it again; its report shows it cancelled.
func (h *ScheduleHandler) Drop(ctx context.Context, actor journal.Actor, s Schedule, reason string) (CampaignResult, error) {
	return h.advance(ctx, actor, s, domaincommunication.CampaignCancelled{CampaignID: s.CampaignID, CancelledAt: h.log.journal.Now(),
		Reason: reason})
}

func (h *ScheduleHandler) advance(ctx context.Context, actor journal.Actor, s Schedule, ev domain.Event) (CampaignResult, error) {
	stream := journal.Stream{Name: domaincommunication.CampaignScheduleStreamName(s.CampaignID), StaleCode: "campaign.cancel.sent"}
	res, err := h.log.journal.Append(ctx, actor, stream, eventstore.Exact(s.Version), []domain.Event{ev}, h.log.journal.Now())
	if err != nil {
		return CampaignResult{}, err
	}
	return CampaignResult{CampaignID: s.CampaignID, Position: res.LastPosition}, nil
}

// Load reads a campaign's schedule; found is false for a campaign never
// scheduled (unknown, or sent at once).
func (h *ScheduleHandler) Load(ctx context.Context, id string) (s Schedule, found bool, err error) {
	id, err = journal.ExistingID(id, errNoCampaign)
	if err != nil {
		return s, false, nil
	}
	err = h.log.journal.Read(ctx, domaincommunication.CampaignScheduleStreamName(id), 0, func(env eventstore.Envelope) error {
		d, err := h.log.journal.Decode(ctx, env)
		if err != nil {
			return err
		}
		s.Version, found = env.Version, true
		switch e := d.Event.(type) {
		case domaincommunication.CampaignScheduled:
			s.CampaignScheduled, s.State = e, domaincommunication.ScheduleWaiting
		case domaincommunication.CampaignCancelled:
			s.State = domaincommunication.ScheduleCancelled
		case domaincommunication.CampaignStarted:
			s.State, s.StartedAt = domaincommunication.ScheduleStarted, e.StartedAt
		}
		return nil
	})
	return s, found, err
}
