package communication

import (
	"net/mail"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/klient-crm/klient/domain"
)

// TypeMailRequested is stored forever: never rename it.
const TypeMailRequested = "communication.MailRequested"

// Purpose says why Klient sends an e-mail: a letter someone sent, an
// automatic status report or deadline reminder, or a campaign.
type Purpose string

// The purposes of an e-mail.
const (
	PurposeLetter       Purpose = "letter"
	PurposeStatusReport Purpose = "status_report"
	PurposeReminder     Purpose = "reminder"
	PurposeCampaign     Purpose = "campaign"
)

// Valid reports a known purpose.
func (p Purpose) Valid() bool {
	switch p {
	case PurposeLetter, PurposeStatusReport, PurposeReminder, PurposeCampaign:
		return true
	}
	return false
}

// Limits of one e-mail: a subject a mail client shows whole, and a text
// body well under any server's message size.
const (
	MaxMailSubject = 200
	MaxMailBody    = 200_000
)

// Mail is what one e-mail says and to whom: the recipient's address and
// name and the text, sealed as one field with the recipient's key, so
// the log holds no address in the clear and an erasure leaves nothing to
// send.
type Mail struct {
	To      string `json:"to"`
	ToName  string `json:"to_name,omitempty"`
	Subject string `json:"subject"`
	Body    string `json:"body"` // text/plain, UTF-8
	// Unsubscribe is a campaign's one-click withdrawal link (RFC 8058);
	// empty for every other purpose.
	Unsubscribe string `json:"unsubscribe,omitempty"`
}

// MailText is what an e-mail says, sealed apart from its address.
type MailText struct {
	Subject string `json:"subject"`
	Body    string `json:"body"`
}

// MailRequested: Klient is to send one e-mail to one contact. The outbox
// takes it from the log (projections/outbox) and the sender opens it
// when it sends, so queued mail needs no copy of the text.
//
// The address (Mail) is sealed with the recipient's key; the text (Text)
// with TextSubject's: for a letter, the entry key of the letter's text in
// its entry, so that redacting the letter (which destroys that key)
// leaves no readable copy here and a still queued e-mail is cancelled
// rather than sent; for every other e-mail, the recipient's key. Version
// 1 sealed address and text together in Mail with the recipient's key;
// its upcast names the recipient as TextSubject and leaves Text empty.
// A campaign's request (since campaigns carry a Footer) seals neither
// subject nor text: both are the campaign's, held once in its record
// (CampaignQueued.Letter; TextsCampaign).
type MailRequested struct {
	MailID          string  `json:"mail_id"`
	Recipient       string  `json:"recipient"` // contact ID: whose key seals Mail
	Purpose         Purpose `json:"purpose"`
	MatterID        string  `json:"matter_id,omitempty"`
	CommunicationID string  `json:"communication_id,omitempty"` // the log entry the mail records, if any
	CampaignID      string  `json:"campaign_id,omitempty"`
	// Basis is what a campaign's recipient was included on:
	// BasisConsent or BasisLegitimateInterest (empty for other mail, and
	// in campaigns from before the choice: a consent).
	Basis       string    `json:"basis,omitempty"`
	RequestedAt time.Time `json:"requested_at"`
	TextSubject string    `json:"text_subject"`
	Mail        Mail      `json:"mail" personal:"Recipient"` // since version 2 without Subject and Body
	Text        MailText  `json:"text" personal:"TextSubject"`
}

func (MailRequested) EventType() string  { return TypeMailRequested }
func (MailRequested) SchemaVersion() int { return 2 }

// Whole is the e-mail as it is to be sent: the address and the text,
// wherever the event's version kept them.
func (r MailRequested) Whole() Mail {
	m := r.Mail
	if r.Text != (MailText{}) {
		m.Subject, m.Body = r.Text.Subject, r.Text.Body
	}
	return m
}

// TextsCampaign reports a campaign e-mail whose subject and text are
// its campaign record's, not its own.
func (r MailRequested) TextsCampaign() bool {
	return r.Purpose == PurposeCampaign && r.CampaignID != "" && r.Text == (MailText{}) && r.Mail.Body == ""
}

// sealedApart moves the text out of Mail into Text, sealed with
// TextSubject (the recipient's key unless the caller named another).
func (r MailRequested) sealedApart() MailRequested {
	if r.TextSubject == "" {
		r.TextSubject = r.Recipient
	}
	r.Mail = r.Whole()
	r.Text = MailText{Subject: r.Mail.Subject, Body: r.Mail.Body}
	r.Mail.Subject, r.Mail.Body = "", ""
	return r
}

// sameRequest reports whether a and b ask for the same e-mail, whatever
// the time and the version they were stored in.
func sameRequest(a, b MailRequested) bool {
	norm := func(r MailRequested) MailRequested {
		r.Mail, r.Text, r.TextSubject, r.RequestedAt = r.Whole(), MailText{}, "", time.Time{}
		return r
	}
	return norm(a) == norm(b)
}

// MailStreamName is the stream of one e-mail sent alone (a letter, a
// reminder); a campaign's e-mails are events of the campaign's stream.
func MailStreamName(mailID string) string { return "mail-" + mailID }

// CheckMail refuses an e-mail that could not be sent as it stands: an
// address that is not one, a header that would break the message, an
// empty or oversized text. Every problem is reported.
func CheckMail(m Mail) error {
	var errs []error
	if a, err := mail.ParseAddress(m.To); err != nil || a.Address != m.To || a.Name != "" {
		errs = append(errs, domain.Invalid("to", "the recipient's address is not an e-mail address").WithCode("mail.to.invalid"))
	}
	if strings.ContainsAny(m.ToName, "\r\n") || !utf8.ValidString(m.ToName) {
		errs = append(errs, domain.Invalid("to_name", "the recipient's name may not hold line breaks").WithCode("mail.to_name.invalid"))
	}
	switch {
	case strings.TrimSpace(m.Subject) == "":
		errs = append(errs, domain.Invalid("subject", "an e-mail needs a subject").WithCode("mail.subject.required"))
	case strings.ContainsAny(m.Subject, "\r\n") || !utf8.ValidString(m.Subject) || utf8.RuneCountInString(m.Subject) > MaxMailSubject:
		errs = append(errs, domain.Invalid("subject", "the subject is one line of at most %d characters", MaxMailSubject).WithCode("mail.subject.invalid"))
	}
	switch {
	case strings.TrimSpace(m.Body) == "":
		errs = append(errs, domain.Invalid("body", "an e-mail needs a text").WithCode("mail.body.required"))
	case !utf8.ValidString(m.Body) || len(m.Body) > MaxMailBody:
		errs = append(errs, domain.Invalid("body", "the text is at most %d bytes of UTF-8", MaxMailBody).WithCode("mail.body.invalid"))
	}
	return domain.JoinProblems(errs...)
}

// Outgoing is the aggregate of one e-mail sent alone: it exists once
// requested and never changes; delivery is the outbox's record, not an
// event.
type Outgoing struct {
	requested *MailRequested
	erased    bool
}

// Apply folds one event of the stream.
func (o *Outgoing) Apply(ev domain.Event, erased bool) {
	if r, ok := ev.(MailRequested); ok {
		o.requested, o.erased = &r, erased
	}
}

// Request decides to send r. A resend of the same request writes
// nothing; other facts under the same mail ID are a conflict.
func (o *Outgoing) Request(r MailRequested, now time.Time) ([]domain.Event, error) {
	if !r.Purpose.Valid() {
		return nil, domain.Invalid("purpose", "unknown purpose %q", r.Purpose).WithCode("mail.purpose.invalid")
	}
	if err := CheckMail(r.Mail); err != nil {
		return nil, err
	}
	if o.requested != nil {
		if !sameRequest(*o.requested, r) && !o.erased {
			return nil, domain.Conflict("another e-mail was requested under this ID").WithCode("mail.id.taken")
		}
		return nil, nil
	}
	r.RequestedAt = now
	return []domain.Event{r.sealedApart()}, nil
}
