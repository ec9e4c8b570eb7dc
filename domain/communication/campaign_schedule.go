package communication

import (
	"strings"
	"time"

	"github.com/klient-crm/klient/domain"
)

// The scheduled campaign's events are stored forever: never rename them.
const (
	TypeCampaignScheduled = "communication.CampaignScheduled"
	TypeCampaignCancelled = "communication.CampaignCancelled"
	TypeCampaignStarted   = "communication.CampaignStarted"
)

// CampaignScheduled: the marketing role asked for a campaign to be sent
// at SendAt. It holds the firm's text and how the audience is drawn, not
// the audience: that is drawn when the campaign is sent (a consent
// withdrawn or an objection recorded meanwhile is honoured), and the
// campaign is then queued as any other (CampaignQueued, under the same
// ID). Its withdrawal links are signed for the firm's public address
// (PublicURL), since no request is there to name it.
type CampaignScheduled struct {
	CampaignID      string    `json:"campaign_id"`
	Name            string    `json:"name"`
	Purpose         string    `json:"purpose"`
	Subject         string    `json:"subject"`
	Body            string    `json:"body"`
	Footer          string    `json:"footer"`
	ObjectionFooter string    `json:"objection_footer,omitempty"`
	ExistingClients bool      `json:"existing_clients,omitempty"`
	ScheduledBy     string    `json:"scheduled_by"` // the staff member the due job acts as
	PublicURL       string    `json:"public_url"`
	SendAt          time.Time `json:"send_at"`
	ScheduledAt     time.Time `json:"scheduled_at"`
}

// CampaignCancelled: the scheduled campaign will not be sent: cancelled
// by the marketing role before it was due, or dropped by the due job
// when it could not be queued (Reason: the refusal's code, e.g.
// campaign.audience.empty when every consent was withdrawn meanwhile).
type CampaignCancelled struct {
	CampaignID  string    `json:"campaign_id"`
	Reason      string    `json:"reason,omitempty"`
	CancelledAt time.Time `json:"cancelled_at"`
}

// CampaignStarted: the due job took the scheduled campaign to send it.
// Written with the schedule's expected version, so that of a cancel and
// a start (or two instances' starts) only one is written.
type CampaignStarted struct {
	CampaignID string    `json:"campaign_id"`
	StartedAt  time.Time `json:"started_at"`
}

func (CampaignScheduled) EventType() string  { return TypeCampaignScheduled }
func (CampaignScheduled) SchemaVersion() int { return 1 }
func (CampaignCancelled) EventType() string  { return TypeCampaignCancelled }
func (CampaignCancelled) SchemaVersion() int { return 1 }
func (CampaignStarted) EventType() string    { return TypeCampaignStarted }
func (CampaignStarted) SchemaVersion() int   { return 1 }

// CampaignScheduleStreamName is the stream of one campaign's schedule;
// its e-mails go to CampaignStreamName's when it is sent.
func CampaignScheduleStreamName(id string) string { return "campaign-schedule-" + id }

// Schedule states.
const (
	ScheduleWaiting   = "scheduled"
	ScheduleCancelled = "cancelled"
	ScheduleStarted   = "started"
)

// ScheduleCampaign decides a scheduled campaign: the text checked now as
// QueueCampaign checks it, a send time in the future and an absolute
// public address for the links.
func ScheduleCampaign(s CampaignScheduled, now time.Time) (CampaignScheduled, error) {
	var p domain.Problems
	p.Add(checkCampaignText(s.Name, s.Purpose, CampaignText{Subject: s.Subject, Body: s.Body, Footer: s.Footer,
		ObjectionFooter: s.ObjectionFooter}, s.ExistingClients))
	if !s.SendAt.After(now) {
		p.Add(domain.Invalid("send_at", "the send time is in the future").WithCode("campaign.send_at.past"))
	}
	if !strings.HasPrefix(s.PublicURL, "https://") && !strings.HasPrefix(s.PublicURL, "http://") {
		p.Add(domain.Invalid("send_at", "a scheduled campaign needs the firm's public address (KLIENT_PUBLIC_URL)").
			WithCode("campaign.public_url.missing"))
	}
	if err := p.Err(); err != nil {
		return CampaignScheduled{}, err
	}
	s.Name, s.PublicURL = strings.TrimSpace(s.Name), strings.TrimRight(s.PublicURL, "/")
	s.SendAt, s.ScheduledAt = s.SendAt.UTC().Truncate(time.Second), now
	return s, nil
}

// CancelCampaign decides a cancel in state: only a waiting campaign is
// cancelled; one started (sent or being sent) is a conflict.
func CancelCampaign(id, state string, now time.Time) (CampaignCancelled, error) {
	switch state {
	case ScheduleWaiting:
		return CampaignCancelled{CampaignID: id, CancelledAt: now}, nil
	case ScheduleCancelled:
		return CampaignCancelled{}, domain.Conflict("the campaign is already cancelled").WithCode("campaign.cancel.cancelled")
	default:
		return CampaignCancelled{}, domain.Conflict("the campaign has already been sent").WithCode("campaign.cancel.sent")
	}
}
