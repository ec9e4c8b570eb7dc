package communication

import (
	"strings"
	"time"

	"github.com/klient-crm/klient/domain"
)

// TypeCampaignQueued is stored forever: never rename it.
const TypeCampaignQueued = "communication.CampaignQueued"

// CampaignQueued: the marketing role sent a campaign (a circular letter,
// a newsletter, an invitation) to an audience drawn from the consents for
// Purpose. The firm's own text, no one's data: not sealed. Each
// recipient's e-mail follows in the same stream as a MailRequested sealed
// with that recipient's key.
type CampaignQueued struct {
	CampaignID string `json:"campaign_id"`
	Name       string `json:"name"`
	Purpose    string `json:"purpose"` // the consent's purpose
	Subject    string `json:"subject"`
	Body       string `json:"body"`
	Recipients int    `json:"recipients"`
	// Skipped counts audience members whose address no mail server would
	// take: left out, and shown in the campaign's report.
	Skipped  int       `json:"skipped,omitempty"`
	QueuedAt time.Time `json:"queued_at"`
}

func (CampaignQueued) EventType() string  { return TypeCampaignQueued }
func (CampaignQueued) SchemaVersion() int { return 1 }

// CampaignStreamName is the stream of one campaign and its e-mails.
func CampaignStreamName(id string) string { return "campaign-" + id }

// MaxCampaignRecipients bounds one campaign: the firm's whole register.
const MaxCampaignRecipients = 100_000

// CampaignRecipient is one e-mail of a campaign.
type CampaignRecipient struct {
	MailID    string // a UUID, the same for the same campaign and contact: a resend queues nothing twice
	ContactID string
	Mail      Mail // with the recipient's one-click unsubscribe link
}

// QueueCampaign decides a campaign: its record and one request per
// recipient, every text checked. Campaign mail has no tracking: plain
// text, and the only link the firm adds is the unsubscribe link.
func QueueCampaign(id, name, purpose, subject, body string, recipients []CampaignRecipient, now time.Time) ([]domain.Event, error) {
	var p domain.Problems
	if strings.TrimSpace(name) == "" {
		p.Add(domain.Invalid("name", "a campaign needs a name").WithCode("campaign.name.required"))
	}
	if strings.TrimSpace(purpose) == "" {
		p.Add(domain.Invalid("purpose", "a campaign goes to the consents for one purpose").WithCode("campaign.purpose.required"))
	}
	if len(recipients) == 0 {
		p.Add(domain.Invalid("purpose", "no contact has an active consent for this purpose").WithCode("campaign.audience.empty"))
	}
	if len(recipients) > MaxCampaignRecipients {
		p.Add(domain.Invalid("purpose", "at most %d recipients", MaxCampaignRecipients).WithCode("campaign.audience.too_large"))
	}
	p.Add(CheckMail(Mail{To: "check@example.se", Subject: subject, Body: body}))
	if err := p.Err(); err != nil {
		return nil, err
	}
	queued := CampaignQueued{CampaignID: id, Name: strings.TrimSpace(name), Purpose: purpose,
		Subject: subject, Body: body, QueuedAt: now}
	events := make([]domain.Event, 1, len(recipients)+1)
	for _, r := range recipients {
		if r.Mail.Unsubscribe == "" {
			return nil, domain.Invalid("recipients", "every campaign e-mail carries its unsubscribe link").WithCode("campaign.unsubscribe.required")
		}
		if CheckMail(r.Mail) != nil {
			queued.Skipped++
			continue
		}
		events = append(events, MailRequested{MailID: r.MailID, Recipient: r.ContactID, Purpose: PurposeCampaign,
			CampaignID: id, RequestedAt: now, Mail: r.Mail}.sealedApart())
	}
	queued.Recipients = len(events) - 1
	events[0] = queued
	return events, nil
}
