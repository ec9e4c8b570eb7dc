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
// Purpose. The firm's own text, no one's data: not sealed, and held here
// once. Each recipient's e-mail follows in the same stream as a
// MailRequested that seals only what is that recipient's (address, name,
// withdrawal link) with their key and refers to this record for the text
// (Letter), so a campaign to 10,000 people does not store its text
// 10,000 times. Campaigns queued before that (no Footer) sealed the whole
// text into every request, and their requests still carry it.
type CampaignQueued struct {
	CampaignID string `json:"campaign_id"`
	Name       string `json:"name"`
	Purpose    string `json:"purpose"` // the consent's purpose
	Subject    string `json:"subject"`
	Body       string `json:"body"`
	// Footer introduces the withdrawal link that ends every e-mail, in
	// the language the campaign was sent in.
	Footer string `json:"footer,omitempty"`
	// ObjectionFooter introduces the opt-out link instead in the e-mails
	// of recipients included under legitimate interest (they have no
	// consent to withdraw: the link records their objection).
	ObjectionFooter string `json:"objection_footer,omitempty"`
	Recipients      int    `json:"recipients"`
	// LegitimateInterest counts the recipients included as existing
	// clients under legitimate interest (the rest on a consent); each
	// request says which (MailRequested.Basis).
	LegitimateInterest int `json:"legitimate_interest,omitempty"`
	// Skipped counts audience members whose address no mail server would
	// take: left out, and shown in the campaign's report.
	Skipped  int       `json:"skipped,omitempty"`
	QueuedAt time.Time `json:"queued_at"`
}

func (CampaignQueued) EventType() string  { return TypeCampaignQueued }
func (CampaignQueued) SchemaVersion() int { return 1 }

// Letter is the e-mail one recipient gets: the campaign's subject and
// text, ending with the recipient's own withdrawal (or, under legitimate
// interest, opt-out) link, to the recipient's address (m: To, ToName,
// Unsubscribe).
func (c CampaignQueued) Letter(m Mail, basis string) Mail {
	footer := c.Footer
	if basis == BasisLegitimateInterest && c.ObjectionFooter != "" {
		footer = c.ObjectionFooter
	}
	m.Subject = c.Subject
	m.Body = strings.TrimRight(c.Body, "\n") + "\n\n-- \n" + footer + "\n" + m.Unsubscribe + "\n"
	return m
}

// The bases a campaign's recipient is included on.
const (
	// BasisConsent: an active consent for the campaign's purpose (art.
	// 6.1 a); the e-mail's link withdraws it. A request without a basis
	// (before there was a choice) is one.
	BasisConsent = "consent"
	// BasisLegitimateInterest: an existing client, where the firm has
	// chosen to market to them (art. 6.1 f); the e-mail's link records
	// their objection to direct marketing (art. 21.2–3).
	BasisLegitimateInterest = "legitimate_interest"
)

// CampaignStreamName is the stream of one campaign and its e-mails.
func CampaignStreamName(id string) string { return "campaign-" + id }

// MaxCampaignRecipients bounds one campaign: the firm's whole register.
const MaxCampaignRecipients = 100_000

// CampaignRecipient is one e-mail of a campaign.
type CampaignRecipient struct {
	MailID    string // a UUID, the same for the same campaign and contact: a resend queues nothing twice
	ContactID string
	Basis     string // BasisConsent or BasisLegitimateInterest
	// Mail is the recipient's address, name and one-click unsubscribe
	// link; the subject and text are the campaign's (Letter).
	Mail Mail
}

// CampaignText is what a campaign says: the subject, the text and the
// line before each recipient's withdrawal link (Footer) or opt-out link
// (ObjectionFooter, for those included under legitimate interest).
type CampaignText struct {
	Subject, Body, Footer, ObjectionFooter string
}

// checkCampaignText is the rule for a campaign's text, whether it is sent
// now or scheduled: a name, a purpose, one footer line before the
// withdrawal link, one before the opt-out link when existing clients are
// included under legitimate interest, and an e-mail that can be sent.
func checkCampaignText(name, purpose string, text CampaignText, legitimate bool) error {
	var p domain.Problems
	if strings.TrimSpace(name) == "" {
		p.Add(domain.Invalid("name", "a campaign needs a name").WithCode("campaign.name.required"))
	}
	if strings.TrimSpace(purpose) == "" {
		p.Add(domain.Invalid("purpose", "a campaign goes to the consents for one purpose").WithCode("campaign.purpose.required"))
	}
	if strings.ContainsAny(text.Footer, "\r\n") || strings.TrimSpace(text.Footer) == "" {
		p.Add(domain.Invalid("footer", "the line before the withdrawal link is one line").WithCode("campaign.footer.invalid"))
	}
	if legitimate && (strings.ContainsAny(text.ObjectionFooter, "\r\n") || strings.TrimSpace(text.ObjectionFooter) == "") {
		p.Add(domain.Invalid("objection_footer", "the line before the opt-out link is one line").WithCode("campaign.footer.invalid"))
	}
	p.Add(CheckMail(Mail{To: "check@example.se", Subject: text.Subject, Body: text.Body}))
	return p.Err()
}

// QueueCampaign decides a campaign: its record, holding the text, and
// one request per recipient, each e-mail checked as it will be sent.
// Campaign mail has no tracking: plain text, and the only link the firm
// adds is the unsubscribe link.
func QueueCampaign(id, name, purpose string, text CampaignText, recipients []CampaignRecipient, now time.Time) ([]domain.Event, error) {
	var p domain.Problems
	if len(recipients) == 0 {
		p.Add(domain.Invalid("purpose", "no contact has an active consent for this purpose").WithCode("campaign.audience.empty"))
	}
	if len(recipients) > MaxCampaignRecipients {
		p.Add(domain.Invalid("purpose", "at most %d recipients", MaxCampaignRecipients).WithCode("campaign.audience.too_large"))
	}
	legitimate := 0
	for _, r := range recipients {
		switch r.Basis {
		case BasisLegitimateInterest:
			legitimate++
		case "", BasisConsent:
		default:
			p.Add(domain.Invalid("recipients", "a recipient is included on a consent or under legitimate interest").WithCode("campaign.basis.unknown"))
		}
	}
	p.Add(checkCampaignText(name, purpose, text, legitimate > 0))
	if err := p.Err(); err != nil {
		return nil, err
	}
	queued := CampaignQueued{CampaignID: id, Name: strings.TrimSpace(name), Purpose: purpose,
		Subject: text.Subject, Body: text.Body, Footer: text.Footer, QueuedAt: now}
	if legitimate > 0 {
		queued.ObjectionFooter = text.ObjectionFooter
	}
	events := make([]domain.Event, 1, len(recipients)+1)
	for _, r := range recipients {
		if r.Mail.Unsubscribe == "" {
			return nil, domain.Invalid("recipients", "every campaign e-mail carries its unsubscribe link").WithCode("campaign.unsubscribe.required")
		}
		if CheckMail(queued.Letter(r.Mail, r.Basis)) != nil {
			queued.Skipped++
			continue
		}
		// Only the recipient's own part is sealed with their key; Text
		// stays empty, which tells the sender to take the campaign's.
		own := Mail{To: r.Mail.To, ToName: r.Mail.ToName, Unsubscribe: r.Mail.Unsubscribe}
		basis := r.Basis
		if basis == BasisLegitimateInterest {
			queued.LegitimateInterest++
		} else {
			basis = BasisConsent
		}
		events = append(events, MailRequested{MailID: r.MailID, Recipient: r.ContactID, Purpose: PurposeCampaign,
			CampaignID: id, Basis: basis, RequestedAt: now, TextSubject: r.ContactID, Mail: own})
	}
	queued.Recipients = len(events) - 1
	events[0] = queued
	return events, nil
}
