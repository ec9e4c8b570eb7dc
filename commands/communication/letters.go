package communication

import (
	"context"
	"strings"
	"time"

	contactcmd "github.com/klient-crm/klient/commands/contact"
	"github.com/klient-crm/klient/commands/journal"
	"github.com/klient-crm/klient/domain"
	domaincommunication "github.com/klient-crm/klient/domain/communication"
	domaincontact "github.com/klient-crm/klient/domain/contact"
	"github.com/klient-crm/klient/eventstore"
)

// SaveLetterTemplate writes a letter template: a new one when
// ExpectedRevision is nil, else a change of the one TemplateID names,
// which the caller last saw at ExpectedRevision.
type SaveLetterTemplate struct {
	Actor            journal.Actor
	TemplateID       string // optional for a new one: a client-chosen UUID makes a resend safe
	ExpectedRevision *uint64
	Text             domaincommunication.LetterTemplateText
}

// RetireLetterTemplate stops offering a template.
type RetireLetterTemplate struct {
	Actor      journal.Actor
	TemplateID string
}

// TemplateResult says where a template command left the template.
type TemplateResult struct {
	TemplateID string
	Revision   uint64 // send it back as ExpectedRevision with the next change
	Position   eventstore.Position
}

// LetterTemplates handles the template commands.
type LetterTemplates struct{ log *Communications }

// NewLetterTemplates returns the handler.
func NewLetterTemplates(log *Communications) (*LetterTemplates, error) {
	if err := requireCommunications("NewLetterTemplates", log); err != nil {
		return nil, err
	}
	return &LetterTemplates{log: log}, nil
}

var templatesStream = journal.Stream{Name: domaincommunication.LetterTemplatesStream, StaleCode: "letter.template.changed_meanwhile"}

// LoadLetterTemplates rebuilds every letter template from their stream.
func (r *Communications) LoadLetterTemplates(ctx context.Context) (*domaincommunication.LetterTemplates, journal.Span, error) {
	ls := new(domaincommunication.LetterTemplates)
	sp, err := r.journal.ReplayAny(ctx, domaincommunication.LetterTemplatesStream, ls.Apply)
	return ls, sp, err
}

func templateNotFound() error {
	return domain.NotFound("there is no such template").WithCode("letter.template.not_found")
}

// Save saves the template.
func (h *LetterTemplates) Save(ctx context.Context, cmd SaveLetterTemplate) (TemplateResult, error) {
	if err := cmd.Actor.Check(); err != nil {
		return TemplateResult{}, err
	}
	var id string
	var err error
	if cmd.ExpectedRevision == nil {
		id, err = journal.NewID(cmd.TemplateID, domain.Invalid("template_id", "a template ID is a UUID").WithCode("letter.template.id.format"))
	} else {
		id, err = journal.ExistingID(cmd.TemplateID, templateNotFound())
	}
	if err != nil {
		return TemplateResult{}, err
	}
	return h.decide(ctx, cmd.Actor, id, func(t *domaincommunication.LetterTemplate) ([]domain.Event, error) {
		switch {
		case cmd.ExpectedRevision != nil && !t.Exists():
			return nil, templateNotFound()
		case cmd.ExpectedRevision != nil && t.Revision() != *cmd.ExpectedRevision:
			events, err := t.Save(id, cmd.Text)
			if err != nil || len(events) == 0 {
				return events, err // the text's own refusals first; the same text again is no conflict
			}
			return nil, templatesStream.Stale(*cmd.ExpectedRevision)
		case cmd.ExpectedRevision == nil && t.Exists() && t.Text() != cmd.Text:
			return nil, domain.Conflict("another template has this ID").WithCode("letter.template.changed_meanwhile")
		}
		return t.Save(id, cmd.Text)
	})
}

// Retire retires the template.
func (h *LetterTemplates) Retire(ctx context.Context, cmd RetireLetterTemplate) (TemplateResult, error) {
	if err := cmd.Actor.Check(); err != nil {
		return TemplateResult{}, err
	}
	id, err := journal.ExistingID(cmd.TemplateID, templateNotFound())
	if err != nil {
		return TemplateResult{}, err
	}
	return h.decide(ctx, cmd.Actor, id, func(t *domaincommunication.LetterTemplate) ([]domain.Event, error) { return t.Retire() })
}

// decide runs a decision on template id and appends its events at the
// end of the templates' stream as it was read; a change of another
// template in between is no conflict, so the decision is taken again.
func (h *LetterTemplates) decide(ctx context.Context, actor journal.Actor, id string,
	decide func(*domaincommunication.LetterTemplate) ([]domain.Event, error)) (TemplateResult, error) {
	for attempt := 0; ; attempt++ {
		ls, sp, err := h.log.LoadLetterTemplates(ctx)
		if err != nil {
			return TemplateResult{}, err
		}
		t := ls.Template(id)
		events, err := decide(t)
		if err != nil {
			return TemplateResult{}, err
		}
		res := TemplateResult{TemplateID: id, Revision: t.Revision() + uint64(len(events)), Position: sp.Last}
		if len(events) == 0 {
			return res, nil
		}
		expected := eventstore.NoStream
		if sp.Found {
			expected = eventstore.Exact(sp.Version)
		}
		written, err := h.log.journal.Append(ctx, actor, templatesStream, expected, events, h.log.journal.Now())
		if journal.IsStale(err) && attempt < 5 {
			continue
		}
		res.Position = written.LastPosition
		return res, err
	}
}

// Channel is how a letter goes out.
type Channel string

// The channels of a letter.
const (
	ChannelEmail Channel = "email" // through the outbox
	ChannelPost  Channel = "post"  // printed on A4 and posted by the firm
)

// SendLetter sends a letter, as rendered and previewed, to one contact
// about a matter: it is logged as the matter's outgoing e-mail or letter,
// sealed like every entry, and an e-mail is requested in the same append,
// so the log never holds a sent letter that was not queued, nor the
// reverse.
type SendLetter struct {
	Actor           journal.Actor
	CommunicationID string // optional, for a safe resend; also the e-mail's mail ID
	MatterID        string
	Recipient       string // a contact: the client or a party of the matter
	Channel         Channel
	Subject, Body   string
	// Purpose is why the e-mail goes: a letter someone sent (the
	// default), or an automatic reminder or status report.
	Purpose domaincommunication.Purpose
}

// SendLetterHandler handles SendLetter.
type SendLetterHandler struct{ log *Communications }

// NewSendLetterHandler returns the handler.
func NewSendLetterHandler(log *Communications) (*SendLetterHandler, error) {
	if err := requireCommunications("NewSendLetterHandler", log); err != nil {
		return nil, err
	}
	return &SendLetterHandler{log: log}, nil
}

// Handle logs the letter and, by e-mail, requests its sending. The
// recipient must be a live contact the actor may see and, by e-mail, have
// an address.
func (h *SendLetterHandler) Handle(ctx context.Context, cmd SendLetter) (CommunicationResult, error) {
	if err := cmd.Actor.Check(); err != nil {
		return CommunicationResult{}, err
	}
	id, err := journal.NewID(cmd.CommunicationID, domain.Invalid("communication_id", "an entry ID is a UUID").WithCode("communication.id.format"))
	if err != nil {
		return CommunicationResult{}, err
	}
	if cmd.Channel != ChannelEmail && cmd.Channel != ChannelPost {
		return CommunicationResult{}, domain.Invalid("channel", "send by e-mail or by post").WithCode("letter.channel.invalid")
	}
	j := &h.log.journal
	links := canonicalLinks(domaincommunication.Links{MatterID: cmd.MatterID, ContactIDs: []string{cmd.Recipient}})
	if links.MatterID == "" {
		return CommunicationResult{}, domain.Invalid("matter_id", "a letter is sent about a matter").WithCode("letter.matter.required")
	}
	if err := CheckMatter(ctx, j, links.MatterID); err != nil {
		return CommunicationResult{}, err
	}
	recipient := links.ContactIDs[0]
	c, _, err := contactcmd.LoadAs(ctx, j, cmd.Actor, recipient)
	if err != nil {
		return CommunicationResult{}, err
	}
	if !c.Exists() || c.Erased() {
		return CommunicationResult{}, domain.Invalid("recipient", "there is no such contact").WithCode("mail.recipient.not_found")
	}
	name, address := nameAndAddress(c)
	kind := domaincommunication.KindLetterOutgoing
	if cmd.Channel == ChannelEmail {
		kind = domaincommunication.KindEmail
		if address == "" {
			return CommunicationResult{}, domain.Invalid("recipient", "the recipient has no e-mail address").WithCode("letter.recipient.no_email")
		}
	}
	mail := domaincommunication.Mail{To: address, ToName: name, Subject: cmd.Subject, Body: cmd.Body}
	purpose := cmd.Purpose
	if purpose == "" {
		purpose = domaincommunication.PurposeLetter
	}
	var existed bool
	load := func(ctx context.Context) (*domaincommunication.Entry, journal.Span, error) {
		e, sp, err := h.log.loader(id)(ctx)
		existed = sp.Found
		return e, sp, err
	}
	p, err := journal.RegisterOnLatest(ctx, j, cmd.Actor, communicationStream(id), load,
		func(e *domaincommunication.Entry, now time.Time) ([]domain.Event, error) {
			at := now
			if e.Exists() { // a resend: the letter went when it was first sent
				at = e.Details().OccurredAt
			}
			details := domaincommunication.Details{Kind: kind, OccurredAt: at, SubjectLine: cmd.Subject, Body: cmd.Body,
				Participants: []domaincommunication.Participant{
					{Kind: domaincommunication.ParticipantStaff, ID: cmd.Actor.ID},
					{Kind: domaincommunication.ParticipantContact, ID: recipient}}}
			events, err := e.Log(id, links, details, nil, now)
			if err != nil || len(events) == 0 || cmd.Channel != ChannelEmail {
				return events, err
			}
			// The e-mail's text is sealed with the letter's entry key, so
			// that redacting the letter retires this copy too.
			var textKey string
			for _, ev := range events {
				if l, ok := ev.(domaincommunication.CommunicationLogged); ok {
					textKey = l.TextSubject
				}
			}
			var o domaincommunication.Outgoing
			req, err := o.Request(domaincommunication.MailRequested{MailID: id, Recipient: recipient,
				Purpose: purpose, MatterID: links.MatterID, CommunicationID: id,
				TextSubject: textKey, Mail: mail}, now)
			return append(events, req...), err
		})
	return CommunicationResult{CommunicationID: id, Version: p.Version, Position: p.Position, New: !existed}, err
}

// nameAndAddress is how a contact is addressed: the name and the first
// e-mail address.
func nameAndAddress(c *domaincontact.Contact) (name, address string) {
	var emails []domaincontact.Email
	if c.Kind() == domaincontact.KindOrganisation {
		d := c.OrganisationDetails()
		name, emails = d.Name, d.Emails
	} else {
		d := c.PersonDetails()
		name, emails = strings.TrimSpace(d.GivenName+" "+d.FamilyName), d.Emails
	}
	if len(emails) > 0 {
		address = emails[0].Address
	}
	return name, address
}
