package communication

import (
	"context"
	"time"

	contactcmd "github.com/klient-crm/klient/commands/contact"
	"github.com/klient-crm/klient/commands/journal"
	"github.com/klient-crm/klient/domain"
	domaincommunication "github.com/klient-crm/klient/domain/communication"
)

// RequestMail asks Klient to send one e-mail to one contact. The request
// is an event; the outbox (projections/outbox) queues it from the log and
// the sender delivers it, so asking and queueing cannot part.
type RequestMail struct {
	Actor journal.Actor
	// MailID is optional: a client that chooses the UUID can resend after
	// a timeout without sending twice. It is also the Message-ID's local part.
	MailID          string
	Recipient       string // the contact the mail goes to
	Purpose         domaincommunication.Purpose
	MatterID        string
	CommunicationID string
	CampaignID      string
	Mail            domaincommunication.Mail
}

// MailResult says where the request was written.
type MailResult struct {
	MailID string
	journal.Placed
}

// RequestMailHandler handles RequestMail.
type RequestMailHandler struct{ log *Communications }

// NewRequestMailHandler returns the handler.
func NewRequestMailHandler(log *Communications) (*RequestMailHandler, error) {
	if err := requireCommunications("NewRequestMailHandler", log); err != nil {
		return nil, err
	}
	return &RequestMailHandler{log: log}, nil
}

// Handle checks that the recipient is a live contact the actor may see
// and the matter exists, then writes the request under its own stream.
func (h *RequestMailHandler) Handle(ctx context.Context, cmd RequestMail) (MailResult, error) {
	if err := cmd.Actor.Check(); err != nil {
		return MailResult{}, err
	}
	id, err := journal.NewID(cmd.MailID, domain.Invalid("mail_id", "a mail ID is a UUID").WithCode("mail.id.format"))
	if err != nil {
		return MailResult{}, err
	}
	j := &h.log.journal
	links := canonicalLinks(domaincommunication.Links{MatterID: cmd.MatterID, ContactIDs: []string{cmd.Recipient}})
	if err := checkRecipient(ctx, j, cmd.Actor, links.ContactIDs[0]); err != nil {
		return MailResult{}, err
	}
	if links.MatterID != "" {
		if err := CheckMatter(ctx, j, links.MatterID); err != nil {
			return MailResult{}, err
		}
	}
	r := domaincommunication.MailRequested{
		MailID: id, Recipient: links.ContactIDs[0], Purpose: cmd.Purpose, MatterID: links.MatterID,
		CommunicationID: journal.CanonicalID(cmd.CommunicationID), CampaignID: journal.CanonicalID(cmd.CampaignID),
		Mail: cmd.Mail,
	}
	stream := journal.Stream{Name: domaincommunication.MailStreamName(id), StaleCode: "mail.id.taken"}
	load := func(ctx context.Context) (*domaincommunication.Outgoing, journal.Span, error) {
		o := new(domaincommunication.Outgoing)
		sp, err := j.Replay(ctx, stream.Name, r.Recipient, o.Apply)
		return o, sp, err
	}
	p, err := journal.RegisterOn(ctx, j, cmd.Actor, stream, load,
		func(o *domaincommunication.Outgoing, now time.Time) ([]domain.Event, error) { return o.Request(r, now) })
	return MailResult{MailID: id, Placed: p}, err
}

// checkRecipient refuses a recipient that does not exist, was erased or
// is behind the actor's wall, alike.
func checkRecipient(ctx context.Context, j *journal.Journal, actor journal.Actor, id string) error {
	c, _, err := contactcmd.LoadAs(ctx, j, actor, id)
	switch {
	case err != nil:
		return err
	case !c.Exists() || c.Erased():
		return domain.Invalid("recipient", "there is no such contact").WithCode("mail.recipient.not_found")
	}
	return nil
}
